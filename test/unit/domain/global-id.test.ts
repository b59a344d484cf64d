// The global id codec: "<provider>:<reference>", references of [A-Za-z0-9._~-] only.
import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId, globalIdOf, isSafeSegment } from '../../../src/domain/global-id';
import { PROVIDER_NAMES, type ProviderName } from '../../../src/domain/provider';
import { FACTS_BY_NAME } from '../../../src/registry';
import {
  ALL_FIXTURES,
  IDS_WITHOUT_A_PROVIDER,
  malformedIds,
  providerAt,
  referenceOf,
  segmentsOf,
  type ProviderFixture,
} from '../../providers';

/** How many segments each provider's reference has: the registry's facts. */
const segmentCount = (provider: ProviderName): number => FACTS_BY_NAME[provider].reference.segments;

/** What a provider's reference must be, as the messages say it. */
const shapeOf = (f: ProviderFixture) =>
  segmentsOf(f) === 2 ? '"<org slug>/<ws slug>"' : 'one segment of [A-Za-z0-9._~-], not "." or ".."';
const PROVIDER_LIST = `the providers are ${PROVIDER_NAMES.join(', ')}`;

describe('isSafeSegment', () => {
  it.each(['my-workspace', 'org123', 'ws_a1b2c3d4e5f6g7h8', 'a.b_c~d-e', '...', 'A', '0'])('accepts %j', (value) => {
    expect(isSafeSegment(value)).toBe(true);
  });

  it.each(['', '.', '..', 'a/b', 'a b', 'a:b', 'a%2Fb', '%2e%2e', 'é', 'a?b', 'a#b', 'a\nb', 'tab\t'])(
    'refuses %j',
    (value) => {
      expect(isSafeSegment(value)).toBe(false);
    },
  );
});

describe('encodeGlobalId / globalIdOf', () => {
  it.each(ALL_FIXTURES)('$label: joins the provider and the reference segments', (f) => {
    const segments = referenceOf(f.writable.id).split('/');
    expect(segments).toHaveLength(segmentsOf(f));
    expect(encodeGlobalId(f.provider, segments)).toBe(f.writable.id);
    expect(globalIdOf({ provider: f.provider, segments })).toBe(f.writable.id);
  });
});

describe('decodeGlobalId', () => {
  // Every provider's seeds, and the example of its id in the registry (the public contract's).
  it.each(
    ALL_FIXTURES.flatMap((f) =>
      [
        f.writable.id,
        f.otherWritable.id,
        f.readOnly.id,
        `${f.provider}:${FACTS_BY_NAME[f.provider].reference.example}`,
      ].map((id) => [id, f.provider, referenceOf(id).split('/')] as const),
    ),
  )('decodes %s and encodes it back', (id, provider, segments) => {
    const decoded = decodeGlobalId(id, segmentCount);
    expect(decoded).toEqual({ ok: true, ref: { provider, segments } });
    if (decoded.ok) expect(globalIdOf(decoded.ref)).toBe(id);
  });

  it.each([
    ['', 'no colon'],
    ...ALL_FIXTURES.map((f) => [f.provider, 'no colon']),
    ...IDS_WITHOUT_A_PROVIDER.map(({ id, title }) => [id, title]),
    ...ALL_FIXTURES.flatMap((f) => [
      ...malformedIds(f).map(({ id, title }) => [id, title]),
      [`${f.provider}:a:b`, 'a colon inside the reference'],
      [`${f.provider}:my%20workspace`, 'percent-encoding is not decoded'],
      [`${f.provider}:%2e%2e`, 'percent-encoded ".."'],
      [`${f.provider.charAt(0).toUpperCase()}${f.provider.slice(1)}:${referenceOf(f.writable.id)}`, 'a capital'],
    ]),
  ])('refuses %j (%s)', (id) => {
    const decoded = decodeGlobalId(id, segmentCount);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason).toEqual(expect.any(String));
  });

  it('says what shape was expected', () => {
    expect(decodeGlobalId('nothing', segmentCount)).toEqual({
      ok: false,
      reason: '"nothing" is not a workspace id: expected "<provider>:<reference>"',
    });
    expect(decodeGlobalId('gitlab:x', segmentCount)).toEqual({
      ok: false,
      reason: `"gitlab" is not a known provider: ${PROVIDER_LIST} (ids are lower case)`,
    });
    for (const f of ALL_FIXTURES) {
      const { provider } = f;
      const capitalized = `${provider.charAt(0).toUpperCase()}${provider.slice(1)}`;
      expect(decodeGlobalId(`${capitalized}:${referenceOf(f.writable.id)}`, segmentCount)).toEqual({
        ok: false,
        reason: `"${capitalized}" is not a known provider: ids are lower case ("${provider}:…"); ${PROVIDER_LIST}`,
      });
      expect(decodeGlobalId(`${provider}:`, segmentCount)).toEqual({
        ok: false,
        reason: `the ${provider} reference is empty: it must be ${shapeOf(f)}`,
      });
      expect(decodeGlobalId(`${f.writable.id}/extra`, segmentCount)).toEqual({
        ok: false,
        reason: `the ${provider} reference must be ${shapeOf(f)}`,
      });
    }
  });

  it('does not echo an arbitrarily long id in full', () => {
    const decoded = decodeGlobalId('x'.repeat(1000), segmentCount);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason.length).toBeLessThan(200);
  });

  it('asks the segment count of the decoded provider', () => {
    const { provider } = providerAt(0);
    const asked: ProviderName[] = [];
    const decoded = decodeGlobalId(`${provider}:a/b`, (name) => {
      asked.push(name);
      return 2;
    });
    expect(asked).toEqual([provider]);
    expect(decoded).toEqual({ ok: true, ref: { provider, segments: ['a', 'b'] } });
  });
});
