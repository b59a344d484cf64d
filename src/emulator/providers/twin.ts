// What one provider's emulator twin is (EmulatorTwin), and defineTwin(), which builds it from the
// folder's routes and seeds. The registry lists the twins; everything per provider derives from them.
import type { EmulatedApi } from './api';

/** The built-in tenants a seed can belong to (tenants.ts gives them one token per provider). */
export const BUILT_IN_TENANTS = ['acme', 'globex'] as const;
export type BuiltInTenant = (typeof BUILT_IN_TENANTS)[number];

/** A stored workspace: the record plus what the caller may do with it. */
export interface Stored<T> {
  record: T;
  /** GET works, an update is refused with 403 (HCP Terraform: 404, as for a token without Admin). */
  readOnly: boolean;
}

/** A fixed seed and the built-in tenant that owns it. */
export type Seed<S> = S & { tenant: BuiltInTenant };

/** A fixed seed as the emulator's tables list it. */
export interface SeededEntry {
  /** What the provider's path addresses it by (Blaxel's name, Dreadnode's org/key, else its id). */
  reference: string;
  /** Never changed by an update, so access granted to a seed survives a rename or a key change. */
  id: string;
  name: string;
  readOnly: boolean;
  tenant: BuiltInTenant;
}

export interface EmulatorTwin<Name extends string = string> {
  readonly name: Name;
  /** Where it is mounted, with the real base URL's version segment (https://api.blaxel.ai/v0: '/blaxel/v0'). */
  readonly prefix: string;
  /** Its fixed seeds, in order. */
  readonly seeded: readonly SeededEntry[];
  /** The references of the extra workspaces an emulator with `count` extras has. */
  extraReferences(count: number): string[];
  /** Fresh state: the fixed seeds plus `extraWorkspaces()` extras, read at every (re)seed. */
  createApi(extraWorkspaces: () => number): EmulatedApi;
}

/** What a provider's folder tells defineTwin(); S is its stored workspace. */
export interface TwinSpec<Name extends string, S extends Stored<{ id: string }>> {
  name: Name;
  prefix: string;
  /** Fixed values, so that tests and docs can name them; fresh copies per call. */
  seeds: () => Seed<S>[];
  /** Extra workspace `n` (from 1): a writable copy of the first seed (given as a clone) under its own id and name. */
  extra: (first: S, n: number) => S;
  /** How the provider's path addresses a workspace. */
  reference: (entry: S) => string;
  /** Its name, for SEEDED_WORKSPACES (HCP Terraform keeps it in `attributes`). */
  workspaceName: (entry: S) => string;
  /** The provider's routes over the data `seed()` gives, at start and on every reset(). */
  api: (seed: () => S[]) => EmulatedApi;
}

export function defineTwin<const Name extends string, S extends Stored<{ id: string }>>(
  spec: TwinSpec<Name, S>,
): EmulatorTwin<Name> {
  function withExtras(count: number): S[] {
    const seeds: S[] = spec.seeds();
    const first = seeds[0];
    if (!first || count <= 0) return seeds;
    return [...seeds, ...Array.from({ length: count }, (_, i) => spec.extra(structuredClone(first), i + 1))];
  }
  const seeded = spec.seeds().map((entry) =>
    Object.freeze({
      reference: spec.reference(entry),
      id: entry.record.id,
      name: spec.workspaceName(entry),
      readOnly: entry.readOnly,
      tenant: entry.tenant,
    }),
  );
  return Object.freeze({
    name: spec.name,
    prefix: spec.prefix,
    seeded: Object.freeze(seeded),
    // The same function makes the extras and names them, so the ids cannot drift from the data.
    extraReferences: (count: number) => withExtras(count).slice(seeded.length).map(spec.reference),
    createApi: (extraWorkspaces: () => number) => spec.api(() => withExtras(extraWorkspaces())),
  });
}

// ---- Extra workspaces, for batches (updateWorkspaces tests, `npm run bench`). Reachable with the
// emulator's main token only: no tenant lists them.

/** More would only slow every reset down; a batch has at most 100 items. */
export const MAX_EXTRA_WORKSPACES = 500;

/** 1 -> "001". */
export const serial = (n: number): string => String(n).padStart(3, '0');

/** A UUID-shaped id that no seed uses: 00000000-0000-4000-8000-000000000001. */
export const extraUuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
