// Tenancy: besides the main token (every workspace), each tenant has one token per provider and
// sees only its own seeded workspaces. accessControl() is the one place that decides what a
// call may touch; the providers only ask the Access it returns (see providers/api.ts).
import type { Access } from './providers/api';
import { SEEDED_RECORD_IDS } from './seeds';
import { EMULATED_PROVIDERS, type EmulatedProvider, type EmulatorTenant, type EmulatorTenants } from './types';

/**
 * The built-in tenants: public dev fixtures, mirrored in examples/tenant-credentials.json.
 * acme has the first writable workspace of each provider and the read-only ones, globex the second.
 */
export const EMULATOR_TENANTS: Readonly<Record<'acme' | 'globex', EmulatorTenant>> = deepFreeze({
  acme: {
    tokens: {
      blaxel: 'acme-blaxel-token',
      dreadnode: 'acme-dreadnode-token',
      flashback: 'acme-flashback-token',
      vertra: 'acme-vertra-token',
      altostrat: 'acme-altostrat-token',
      terraform: 'acme-terraform-token',
    },
    workspaces: [
      'blaxel:my-workspace',
      'blaxel:locked-workspace',
      'dreadnode:acme/research',
      'dreadnode:acme/archive',
      'flashback:123e4567-e89b-12d3-a456-426614174000',
      'flashback:9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d',
      'vertra:org123',
      'vertra:org789',
      'altostrat:ws_a1b2c3d4e5f6g7h8',
      'altostrat:ws_r0e1a2d3o4n5l6y7',
      'terraform:ws-KTuq99JSzgmDSvYj',
      'terraform:ws-Lk9pR3vT6yB1mXq5',
    ],
  },
  globex: {
    tokens: {
      blaxel: 'globex-blaxel-token',
      dreadnode: 'globex-dreadnode-token',
      flashback: 'globex-flashback-token',
      vertra: 'globex-vertra-token',
      altostrat: 'globex-altostrat-token',
      terraform: 'globex-terraform-token',
    },
    workspaces: [
      'blaxel:staging',
      'dreadnode:acme/platform',
      'flashback:3f2a1b4c-5d6e-4f70-8a91-b2c3d4e5f607',
      'vertra:org456',
      'altostrat:ws_q9r8s7t6u5v4w3x2',
      'terraform:ws-2ZcQfxgJ8uN4rW7d',
    ],
  },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

const EVERYTHING: Access = { authorized: true, canAccess: () => true };
const NOTHING: Access = { authorized: false, canAccess: () => false };

/** The Access of a bearer token (undefined: none sent) on one provider. */
export type AccessControl = (provider: EmulatedProvider, token: string | undefined) => Access;

/** Checks the tenants once (unknown workspace id, empty or repeated token: TypeError) and answers per call. */
export function accessControl(mainToken: string, tenants: EmulatorTenants): AccessControl {
  const grants = new Map<string, { provider: EmulatedProvider; access: Access }>();
  for (const [tenant, { tokens, workspaces }] of Object.entries(tenants)) {
    const ids = new Set<string>();
    for (const globalId of workspaces) {
      const seeded = SEEDED_RECORD_IDS.get(globalId);
      if (!seeded) throw new TypeError(`tenant ${tenant}: no seeded workspace ${globalId}`);
      ids.add(`${seeded.provider}:${seeded.id}`);
    }
    for (const provider of EMULATED_PROVIDERS) {
      const token = tokens[provider];
      if (typeof token !== 'string' || token === '') throw new TypeError(`tenant ${tenant}: no ${provider} token`);
      if (grants.has(token)) throw new TypeError(`tenant ${tenant}: the ${provider} token is already used`);
      const access: Access = { authorized: true, canAccess: (record) => ids.has(`${provider}:${record.id}`) };
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
