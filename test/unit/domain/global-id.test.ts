// The global id codec: "<provider>:<reference>", references of [A-Za-z0-9._~-] only.
import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId, globalIdOf, isSafeSegment } from '../../../src/domain/global-id';
import type { ProviderName } from '../../../src/domain/provider';

/** Dreadnode's reference is `<org slug>/<ws slug>`; the others are one segment. */
const segmentCount = (provider: ProviderName): number => (provider === 'dreadnode' ? 2 : 1);

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
  it('joins the provider and the reference segments', () => {
    expect(encodeGlobalId('blaxel', ['my-workspace'])).toBe('blaxel:my-workspace');
    expect(encodeGlobalId('dreadnode', ['acme', 'research'])).toBe('dreadnode:acme/research');
    expect(globalIdOf({ provider: 'altostrat', segments: ['ws_a1b2c3d4e5f6g7h8'] })).toBe(
      'altostrat:ws_a1b2c3d4e5f6g7h8',
    );
  });
});

describe('decodeGlobalId', () => {
  // The examples of the public contract.
  it.each([
    ['blaxel:my-workspace', 'blaxel', ['my-workspace']],
    ['dreadnode:acme/research', 'dreadnode', ['acme', 'research']],
    ['flashback:123e4567-e89b-12d3-a456-426614174000', 'flashback', ['123e4567-e89b-12d3-a456-426614174000']],
    ['vertra:org123', 'vertra', ['org123']],
    ['altostrat:ws_a1b2c3d4e5f6g7h8', 'altostrat', ['ws_a1b2c3d4e5f6g7h8']],
  ])('decodes %s and encodes it back', (id, provider, segments) => {
    const decoded = decodeGlobalId(id, segmentCount);
    expect(decoded).toEqual({ ok: true, ref: { provider, segments } });
    if (decoded.ok) expect(globalIdOf(decoded.ref)).toBe(id);
  });

  it.each([
    ['', 'no colon'],
    ['blaxel', 'no colon'],
    [':my-workspace', 'empty provider'],
    ['Blaxel:my-workspace', 'provider names are lower case'],
    ['gitlab:my-workspace', 'unknown provider'],
    ['blaxel:', 'empty reference'],
    ['blaxel:.', '"."'],
    ['blaxel:..', '".."'],
    ['blaxel:a/b', 'two segments for a one-segment provider'],
    ['blaxel:/a', 'leading slash'],
    ['blaxel:a:b', 'a colon inside the reference'],
    ['blaxel:my%20workspace', 'percent-encoding is not decoded'],
    ['blaxel:%2e%2e', 'percent-encoded ".."'],
    ['blaxel:my workspace', 'a space'],
    ['vertra:org123?x=1', 'a query string'],
    ['dreadnode:acme', 'one segment for Dreadnode'],
    ['dreadnode:acme/', 'an empty ws slug'],
    ['dreadnode:/research', 'an empty org slug'],
    ['dreadnode:acme/research/x', 'three segments'],
    ['dreadnode:../research', 'a ".." org slug'],
    ['dreadnode:acme/..', 'a ".." ws slug'],
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
      reason:
        '"gitlab" is not a known provider: the providers are blaxel, dreadnode, flashback, vertra, altostrat, terraform (ids are lower case)',
    });
    expect(decodeGlobalId('Vertra:org123', segmentCount)).toEqual({
      ok: false,
      reason:
        '"Vertra" is not a known provider: ids are lower case ("vertra:…"); the providers are blaxel, dreadnode, flashback, vertra, altostrat, terraform',
    });
    expect(decodeGlobalId('vertra:', segmentCount)).toEqual({
      ok: false,
      reason: 'the vertra reference is empty: it must be one segment of [A-Za-z0-9._~-], not "." or ".."',
    });
    expect(decodeGlobalId('dreadnode:', segmentCount)).toEqual({
      ok: false,
      reason: 'the dreadnode reference is empty: it must be "<org slug>/<ws slug>"',
    });
    expect(decodeGlobalId('dreadnode:acme', segmentCount)).toEqual({
      ok: false,
      reason: 'the dreadnode reference must be "<org slug>/<ws slug>"',
    });
  });

  it('does not echo an arbitrarily long id in full', () => {
    const decoded = decodeGlobalId('x'.repeat(1000), segmentCount);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason.length).toBeLessThan(200);
  });

  it('asks the segment count of the decoded provider', () => {
    const asked: ProviderName[] = [];
    const decoded = decodeGlobalId('vertra:a/b', (provider) => {
      asked.push(provider);
      return 2;
    });
    expect(asked).toEqual(['vertra']);
    expect(decoded).toEqual({ ok: true, ref: { provider: 'vertra', segments: ['a', 'b'] } });
  });
});
