// What one provider's emulator twin is (EmulatorTwin), and defineTwin(), which builds it from the
// folder's routes and seeds. The registry lists the twins; everything per provider derives from them.
import type { EmulatedApi, ProviderReply } from './api';

/** The built-in tenants a seed can belong to (tenants.ts gives them one token per provider). */
export const BUILT_IN_TENANTS = ['acme', 'globex'] as const;
export type BuiltInTenant = (typeof BUILT_IN_TENANTS)[number];

/** A stored workspace: the record plus what the caller may do with it. */
export interface Stored<T> {
  record: T;
  /** GET works, an update is refused with the provider's 403 (or what its document answers instead: `TwinRest.refused`). */
  readOnly: boolean;
}

/** A fixed seed and the built-in tenant that owns it. */
export type Seed<S> = S & { tenant: BuiltInTenant };

/** A fixed seed as the emulator's tables list it. */
export interface SeededEntry {
  /** What the provider's path addresses it by (its id, its name, or several segments: `org/key`). */
  reference: string;
  /** Never changed by an update, so access granted to a seed survives a rename or a key change. */
  id: string;
  name: string;
  readOnly: boolean;
  tenant: BuiltInTenant;
}

/**
 * How a client reads, updates and is refused one workspace of the twin, as the provider's document
 * says: what the emulator's own tests and the benchmark need to address any twin without a table
 * per provider. Written in the twin's folder, from its routes.
 */
export interface TwinRest {
  /** The REST path of a workspace after the prefix, from its reference (`/workspaces/ws_123`, `/org/acme/ws/research`). */
  path(reference: string): string;
  /** The update's verb. */
  updateMethod: 'PUT' | 'PATCH';
  /** The media type of its bodies when it is not `application/json` (a JSON:API one): sent as Content-Type and Accept. */
  mediaType?: string;
  /** A valid update of the workspace at `reference` that keeps its reference and its name (a description, a display name). */
  sampleUpdate(reference: string): unknown;
  /**
   * Its answer to a token that may not see (`GET`) or change (the update) the workspace at `reference`,
   * or to any token for an update of a read-only one: its 403 (body undefined: none), or the 404 of
   * a provider whose document hides such a workspace.
   */
  refused(reference: string, method: string): ProviderReply;
}

export interface EmulatorTwin<Name extends string = string> {
  readonly name: Name;
  /** Where it is mounted, with the real base URL's version segment (https://api.example.com/v1: '/<name>/v1'). */
  readonly prefix: string;
  /** Its fixed seeds, in order. */
  readonly seeded: readonly SeededEntry[];
  /** How a client addresses, updates and is refused a workspace (for tests and the benchmark). */
  readonly rest: Readonly<TwinRest>;
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
  /** Its name, for SEEDED_WORKSPACES (from wherever the record keeps it: `attributes.name`, say). */
  workspaceName: (entry: S) => string;
  /** How a client addresses, updates and is refused a workspace (its path, verb, a valid update, its refusal). */
  rest: TwinRest;
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
    rest: Object.freeze({ ...spec.rest }),
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
