// The emulator's one list of providers: a twin per folder. Everything that lists providers (the
// type, prefixes, seeds, extra workspaces, tenant tokens, the control API's checks) derives from it.
// Its own list, not src/providers' registry: the emulator must not share the clients' code.
import type { SeededWorkspace } from '../types';
import { altostrat } from './altostrat';
import type { EmulatedApi } from './api';
import { blaxel } from './blaxel';
import { dreadnode } from './dreadnode';
import { flashback } from './flashback';
import { terraform } from './terraform';
import type { EmulatorTwin, TwinRest } from './twin';
import { vertra } from './vertra';

export const EMULATED = [blaxel, dreadnode, flashback, vertra, altostrat, terraform] as const;

export type EmulatedProvider = (typeof EMULATED)[number]['name'];

/** A global workspace id: `<provider>:<reference>` (a reference may have several segments: `<org>/<key>`). */
export const globalId = (provider: string, reference: string): string => `${provider}:${reference}`;

/** One value per twin, keyed by its name. */
function byName<T extends EmulatorTwin, V>(twins: readonly T[], value: (twin: T) => V): Record<T['name'], V> {
  return Object.fromEntries(twins.map((twin) => [twin.name, value(twin)])) as Record<T['name'], V>;
}

export const EMULATED_PROVIDERS: readonly EmulatedProvider[] = Object.freeze(EMULATED.map((twin) => twin.name));

/** Where each provider is mounted: its name and the real base URL's path with its version segment (https://api.example.com/api/v2: `/<name>/api/v2`). */
export const PROVIDER_PREFIXES: Readonly<Record<EmulatedProvider, string>> = Object.freeze(
  byName(EMULATED, (twin) => twin.prefix),
);

/**
 * Fresh state per call: each emulator instance owns its data. `extraWorkspaces` is read at every
 * (re)seed: how many writable workspaces each provider has beyond its fixed seeds.
 */
export function createProviderApis<T extends EmulatorTwin>(
  twins: readonly T[],
  extraWorkspaces: () => number = () => 0,
): Record<T['name'], EmulatedApi> {
  return byName(twins, (twin) => twin.createApi(extraWorkspaces));
}

/** The global ids of the extra workspaces an emulator serving `twins` with `count` extras has. */
export function extraIdsOf<T extends EmulatorTwin>(twins: readonly T[], count: number): Record<T['name'], string[]> {
  return byName(twins, (twin) => twin.extraReferences(count).map((reference) => globalId(twin.name, reference)));
}

/** The global ids (`<provider>:<extra reference>`, …) of the extra workspaces an emulator with `count` extras has. */
export const extraWorkspaceIds = (count: number): Record<EmulatedProvider, string[]> => extraIdsOf(EMULATED, count);

/**
 * How a client addresses, updates and is refused each provider's workspaces (its twin's `rest`): the
 * emulator's own tests and the benchmark read it instead of keeping a table per provider.
 */
export const PROVIDER_REST: Readonly<Record<EmulatedProvider, Readonly<TwinRest>>> = Object.freeze(
  byName(EMULATED, (twin) => twin.rest),
);

/** What the README lists: the reference each provider's path needs, and the name. */
export const SEEDED_WORKSPACES: Record<EmulatedProvider, SeededWorkspace[]> = byName(EMULATED, (twin) =>
  twin.seeded.map(({ reference, name, readOnly }) => ({ reference, name, ...(readOnly ? { readOnly: true } : {}) })),
);
