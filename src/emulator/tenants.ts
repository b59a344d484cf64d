// Tenancy: besides the main token (every workspace), each tenant has one token per provider and
// sees only its own seeded workspaces. accessControl() is the one place that decides what a
// call may touch; the providers only ask the Access it returns (see providers/api.ts).
import type { Access } from './providers/api';
import { EMULATED, globalId } from './providers/registry';
import { BUILT_IN_TENANTS, type BuiltInTenant, type EmulatorTwin } from './providers/twin';
import type { EmulatorTenant, EmulatorTenants } from './types';

/**
 * The built-in tenants of these twins: the token `<tenant>-<provider>-token` on each, and the seeds
 * each twin's folder gives the tenant, in the list's order.
 */
export function builtInTenants<T extends EmulatorTwin>(
  twins: readonly T[],
): Record<BuiltInTenant, { tokens: Record<T['name'], string>; workspaces: string[] }> {
  const tenant = (name: BuiltInTenant) => ({
    tokens: Object.fromEntries(twins.map((twin) => [twin.name, `${name}-${twin.name}-token`])) as Record<
      T['name'],
      string
    >,
    workspaces: twins.flatMap((twin) =>
      twin.seeded.filter((seed) => seed.tenant === name).map((seed) => globalId(twin.name, seed.reference)),
    ),
  });
  return Object.fromEntries(BUILT_IN_TENANTS.map((name) => [name, tenant(name)])) as Record<
    BuiltInTenant,
    ReturnType<typeof tenant>
  >;
}

/**
 * The built-in tenants: public dev fixtures, mirrored in examples/tenant-credentials.json.
 * acme has the first writable workspace of each provider and the read-only ones, globex the second.
 */
export const EMULATOR_TENANTS: Readonly<Record<BuiltInTenant, EmulatorTenant>> = deepFreeze(builtInTenants(EMULATED));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

const EVERYTHING: Access = { authorized: true, canAccess: () => true };
const NOTHING: Access = { authorized: false, canAccess: () => false };

/** The Access of a bearer token (undefined: none sent) on one provider. */
export type AccessControl = (provider: string, token: string | undefined) => Access;

/**
 * Checks the tenants against the twins served once (unknown workspace id, empty or repeated token:
 * TypeError) and answers per call.
 */
export function accessControl(
  mainToken: string,
  tenants: EmulatorTenants,
  twins: readonly EmulatorTwin[],
): AccessControl {
  // Global id of every seed -> its record id, which no update changes: access follows the record.
  const seeded = new Map(
    twins.flatMap((twin) =>
      twin.seeded.map((seed) => [globalId(twin.name, seed.reference), globalId(twin.name, seed.id)] as const),
    ),
  );
  const grants = new Map<string, { provider: string; access: Access }>();
  for (const [tenant, { tokens, workspaces }] of Object.entries(tenants)) {
    const ids = new Set<string>();
    for (const workspace of workspaces) {
      const id = seeded.get(workspace);
      if (!id) throw new TypeError(`tenant ${tenant}: no seeded workspace ${workspace}`);
      ids.add(id);
    }
    for (const { name: provider } of twins) {
      const token = (tokens as Readonly<Record<string, string>>)[provider];
      if (typeof token !== 'string' || token === '') throw new TypeError(`tenant ${tenant}: no ${provider} token`);
      if (grants.has(token)) throw new TypeError(`tenant ${tenant}: the ${provider} token is already used`);
      const access: Access = { authorized: true, canAccess: (record) => ids.has(globalId(provider, record.id)) };
      grants.set(token, { provider, access });
    }
  }
  return (provider, token) => {
    if (token === undefined) return NOTHING;
    if (token === mainToken) return EVERYTHING;
    const grant = grants.get(token);
    return grant?.provider === provider ? grant.access : NOTHING;
  };
}
