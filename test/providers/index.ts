// THE list of provider fixtures the shared suites iterate over: one per provider of the registry
// (src/registry/index.ts), each in its own file next to this one. A registered provider without
// a fixture here, or a fixture of a provider the registry does not have, does not compile.
// Everything else in this file is derived from the list and the registry, and names no provider.
// The fixtures hold their provider's contract, whose details types are type-graphql classes: the
// metadata polyfill loads first (import the fixtures through this file).
import 'reflect-metadata';
import type { PatchField } from '../../src/domain/patch';
import { PROVIDER_NAMES, type ProviderName } from '../../src/domain/provider';
import { FACTS_BY_NAME, PATCH_FIELDS } from '../../src/registry';
import { altostrat } from './altostrat';
import { blaxel } from './blaxel';
import { dreadnode } from './dreadnode';
import type { ProviderFixture } from './fixture';
import { flashback } from './flashback';
import { terraform } from './terraform';
import { vertra } from './vertra';

export type { ProviderFixture } from './fixture';

const FIXTURES = { blaxel, dreadnode, flashback, vertra, altostrat, terraform } satisfies {
  [P in ProviderName]: ProviderFixture<P>;
};

/** Every provider's fixture, in the registry's order. */
export const ALL_FIXTURES: readonly ProviderFixture[] = PROVIDER_NAMES.map((name) => FIXTURES[name]);

/** The fixture of a provider named at run time (from an id, a recorded request, a registry entry). */
export function fixtureOf(provider: string): ProviderFixture {
  const fixture = ALL_FIXTURES.find((f) => f.provider === provider);
  if (!fixture) throw new Error(`no fixture for the provider "${provider}"`);
  return fixture;
}

/** The fixture of the provider of a global id. */
export const fixtureOfId = (id: string): ProviderFixture => fixtureOf(id.slice(0, id.indexOf(':')));

/**
 * The provider at `index` of the list, for a test that needs one (or several different) providers
 * and not a particular one; fails clearly if the registry has fewer.
 */
export function providerAt(index: number): ProviderFixture {
  const fixture = ALL_FIXTURES[index];
  if (!fixture) throw new Error(`the test needs ${index + 1} providers; the registry has ${ALL_FIXTURES.length}`);
  return fixture;
}

/**
 * The first (or `nth`, from 0) provider that has what a test needs; `what` says it, for the error
 * when the registry has none.
 */
export function providerWith(what: string, has: (fixture: ProviderFixture) => boolean, nth = 0): ProviderFixture {
  const fixture = ALL_FIXTURES.filter(has)[nth];
  if (!fixture) throw new Error(`the test needs ${nth + 1} registered provider(s) ${what}`);
  return fixture;
}

/** The seed of a global id (writable, other writable or read-only), if it is one of its provider's. */
export function seedOf(id: string): { id: string; path: string; name: string } | undefined {
  const fixture = ALL_FIXTURES.find((f) => id.startsWith(`${f.provider}:`));
  return fixture && [fixture.writable, fixture.otherWritable, fixture.readOnly].find((seed) => seed.id === id);
}

/** The reference of a global id: what follows the provider. */
export const referenceOf = (id: string): string => id.slice(id.indexOf(':') + 1);

/** How many `/`-separated segments the provider's reference has (the registry's facts). */
export const segmentsOf = (fixture: ProviderFixture): number => FACTS_BY_NAME[fixture.provider].reference.segments;

/**
 * A well-formed id of the provider that names no seed: its writable seed's reference with the last
 * segment replaced (`<p>:org/<name>` for a two-segment reference).
 */
export function idLike(fixture: ProviderFixture, name: string): string {
  const segments = referenceOf(fixture.writable.id).split('/');
  return `${fixture.provider}:${[...segments.slice(0, -1), name].join('/')}`;
}

/** The REST path of a global id of the provider. */
export const pathOfId = (fixture: ProviderFixture, id: string): string => fixture.pathOf(referenceOf(id));

/** `<P>_<suffix>`: the provider's configuration variable. */
export const envName = (fixture: ProviderFixture, suffix: string): string => `${fixture.enumValue}_${suffix}`;

/** A valid value of the shared input fields, and of every provider's own from its fixture. */
export const SAMPLE_VALUES: Readonly<Record<PatchField, unknown>> = {
  name: 'new-name',
  description: 'A description',
  ...Object.assign({}, ...ALL_FIXTURES.map((f) => f.samples)),
};

/** The input fields the provider does not have (every other provider's own, and the shared ones it lacks). */
export const unsupportedFields = (fixture: ProviderFixture): PatchField[] =>
  PATCH_FIELDS.filter((field) => !fixture.fields.includes(field));

/** A valid value of each field the provider does not have (or `null` for each: null counts as set). */
export function unsupportedInput(
  fixture: ProviderFixture,
  value: 'sample' | 'null' = 'sample',
): Record<string, unknown> {
  return Object.fromEntries(
    unsupportedFields(fixture).map((field) => [field, value === 'null' ? null : SAMPLE_VALUES[field]]),
  );
}

/** Ids of the provider that are not well-formed (each an `input.id` INVALID before any call), with why. */
export function malformedIds(fixture: ProviderFixture): { title: string; id: string }[] {
  const { provider } = fixture;
  const reference = referenceOf(fixture.writable.id);
  const segments = reference.split('/');
  const count = segmentsOf(fixture);
  const ids = [
    { title: 'the provider in upper case', id: `${provider.toUpperCase()}:${reference}` },
    { title: 'an empty reference', id: `${provider}:` },
    { title: 'a reference of ".."', id: `${provider}:${[...segments.slice(0, -1), '..'].join('/')}` },
    { title: 'a reference of "."', id: `${provider}:${[...segments.slice(0, -1), '.'].join('/')}` },
    { title: 'a path traversal', id: `${provider}:../${reference}` },
    { title: 'a percent-encoded slash', id: `${provider}:${[...segments.slice(0, -1), 'a%2Fb'].join('/')}` },
    { title: 'a space', id: `${provider}:${[...segments.slice(0, -1), 'my workspace'].join('/')}` },
    { title: 'a query string', id: `${provider}:${reference}?x=1` },
    { title: 'one segment too many', id: `${provider}:${reference}/extra` },
    { title: 'an empty last segment', id: `${provider}:${reference}/` },
    { title: 'a leading slash', id: `${provider}:/${reference}` },
  ];
  if (count > 1) {
    ids.push(
      { title: 'one segment too few', id: `${provider}:${segments.slice(0, -1).join('/')}` },
      { title: 'an empty last segment of its own', id: `${provider}:${segments.slice(0, -1).join('/')}/` },
      { title: 'an empty first segment', id: `${provider}:/${segments.slice(1).join('/')}` },
      { title: 'a ".." first segment', id: `${provider}:${['..', ...segments.slice(1)].join('/')}` },
    );
  }
  return ids.map(({ title, id }) => ({ title: `${fixture.label}: ${title}`, id }));
}

/** Ids that name no provider at all (each INVALID before any call). */
export const IDS_WITHOUT_A_PROVIDER: readonly { title: string; id: string }[] = [
  { title: 'no provider prefix', id: 'my-workspace' },
  { title: 'an empty provider', id: ':my-workspace' },
  { title: 'an unknown provider', id: 'github:my-workspace' },
];
