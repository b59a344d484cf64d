// The shared half of the providers: Retry-After, bodies, payload fields, the status table, and the
// rules every provider must follow (ARCHITECTURE.md, "Error results" and "Precise rules").
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceFailure } from '../../../src/domain/failures';
import type { ProviderName } from '../../../src/domain/provider';
import { altostratContract } from '../../../src/providers/altostrat/contract';
import { blaxelContract } from '../../../src/providers/blaxel/contract';
import { dreadnodeContract } from '../../../src/providers/dreadnode/contract';
import { flashbackContract } from '../../../src/providers/flashback/contract';
import { dateTime, nullableDateTime, upperCaseEnum } from '../../../src/providers/shared/payload-fields';
import type { ProviderRestContract } from '../../../src/providers/shared/provider-data-source';
import { parseRetryAfter } from '../../../src/providers/shared/retry-after';
import { failureFromStatus, inputFieldError, type FailureContext } from '../../../src/providers/shared/status-failure';
import { classifyNetworkError, jsonObject, parseBodyText, stringField } from '../../../src/providers/shared/upstream';
import { vertraContract } from '../../../src/providers/vertra/contract';
import { jsonResponse, textResponse } from '../helpers';

const CONTRACTS: [ProviderName, ProviderRestContract][] = [
  ['blaxel', blaxelContract],
  ['dreadnode', dreadnodeContract],
  ['flashback', flashbackContract],
  ['vertra', vertraContract],
  ['altostrat', altostratContract],
];

const NOW = new Date('2026-04-15T12:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP date as seconds from now, rounded up', () => {
    expect(parseRetryAfter('Wed, 15 Apr 2026 12:01:30 GMT', NOW)).toBe(90);
    expect(parseRetryAfter('Wed, 15 Apr 2026 12:00:00 GMT', new Date('2026-04-15T11:59:59.200Z'))).toBe(1);
  });

  it('reads a date in the past as 0', () => {
    expect(parseRetryAfter('Wed, 15 Apr 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('5s', NOW)).toBeNull();
    // Neither delta-seconds nor an HTTP date (Date.parse alone reads these as dates in 2001).
    expect(parseRetryAfter('1.5', NOW)).toBeNull();
    expect(parseRetryAfter('-5', NOW)).toBeNull();
  });

  it('caps a wait at what a GraphQL Int can carry', () => {
    expect(parseRetryAfter('99999999999', NOW)).toBe(2_147_483_647);
    expect(parseRetryAfter('Tue, 15 Apr 2110 12:00:00 GMT', NOW)).toBe(2_147_483_647);
    expect(parseRetryAfter('2147483647', NOW)).toBe(2_147_483_647);
  });

  it('reads the obsolete RFC 850 date form too', () => {
    expect(parseRetryAfter('Wednesday, 15-Apr-26 12:01:00 GMT', NOW)).toBe(60);
  });

  it('uses the current time by default', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    expect(parseRetryAfter('Wed, 15 Apr 2026 12:00:10 GMT')).toBe(10);
  });
});

describe('upstream bodies', () => {
  it('parseBodyText: JSON when it parses, the text otherwise', () => {
    expect(parseBodyText('{"a":1}')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(parseBodyText('null')).toEqual({ kind: 'json', value: null });
    expect(parseBodyText('[1]')).toEqual({ kind: 'json', value: [1] });
    expect(parseBodyText('<html>oops</html>')).toEqual({ kind: 'text', text: '<html>oops</html>' });
    expect(parseBodyText('{"a":')).toEqual({ kind: 'text', text: '{"a":' });
    expect(parseBodyText('')).toEqual({ kind: 'text', text: '' });
    expect(parseBodyText('  \n')).toEqual({ kind: 'text', text: '  \n' });
  });

  it('jsonObject: only a JSON object, else an empty one', () => {
    expect(jsonObject({ kind: 'json', value: { code: 'X' } })).toEqual({ code: 'X' });
    expect(jsonObject({ kind: 'json', value: [1] })).toEqual({});
    expect(jsonObject({ kind: 'json', value: null })).toEqual({});
    expect(jsonObject({ kind: 'json', value: 'x' })).toEqual({});
    expect(jsonObject({ kind: 'text', text: '{}' })).toEqual({});
  });

  it('stringField: a non-empty string or null', () => {
    expect(stringField({ a: 'x', b: '', c: 1 }, 'a')).toBe('x');
    expect(stringField({ a: 'x', b: '', c: 1 }, 'b')).toBeNull();
    expect(stringField({ a: 'x', b: '', c: 1 }, 'c')).toBeNull();
    expect(stringField({}, 'd')).toBeNull();
  });

  it('classifyNetworkError: timeouts, refusals, resets and the rest', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    expect(classifyNetworkError(named('TimeoutError'))).toEqual({ reason: 'timeout' });
    expect(classifyNetworkError(named('AbortError'))).toEqual({ reason: 'timeout' });
    expect(classifyNetworkError(coded('ECONNREFUSED'))).toEqual({ reason: 'refused' });
    expect(classifyNetworkError(coded('ECONNRESET'))).toEqual({ reason: 'reset' });
    expect(classifyNetworkError(coded('UND_ERR_SOCKET'))).toEqual({ reason: 'reset' });
    expect(classifyNetworkError(coded('UND_ERR_CONNECT_TIMEOUT'))).toEqual({ reason: 'timeout' });
    expect(classifyNetworkError(coded('ENOTFOUND'))).toEqual({ reason: 'unreachable' });
    // fetch wraps the socket error: the code is on the cause.
    expect(classifyNetworkError(new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }))).toEqual({
      reason: 'refused',
    });
    expect(classifyNetworkError('weird')).toEqual({ reason: 'unreachable' });
  });
});

describe('payload fields', () => {
  it('dateTime: ISO-8601 with Z or an offset, to a Date in UTC', () => {
    expect(dateTime.parse('2026-04-15T12:00:00Z').toISOString()).toBe('2026-04-15T12:00:00.000Z');
    expect(dateTime.parse('2025-10-29T00:40:06.000000Z').toISOString()).toBe('2025-10-29T00:40:06.000Z');
    expect(dateTime.parse('2026-04-15T14:00:00.5+02:00').toISOString()).toBe('2026-04-15T12:00:00.500Z');
  });

  it.each(['<string>', '', 'yesterday', '2026-04-15', '2026-02-30T00:00:00Z', '2026-04-15T24:00:00Z', 1713182400])(
    'dateTime refuses %j',
    (value) => {
      expect(dateTime.safeParse(value).success).toBe(false);
    },
  );

  it('nullableDateTime: absent and null read as null, a bad value still fails', () => {
    expect(nullableDateTime.parse(undefined)).toBeNull();
    expect(nullableDateTime.parse(null)).toBeNull();
    expect(nullableDateTime.safeParse('nope').success).toBe(false);
  });

  it('upperCaseEnum: case-insensitive, unknown values read as null', () => {
    const mode = upperCaseEnum(['SINGLE', 'POOLED'] as const);
    expect(mode.parse('pooled')).toBe('POOLED');
    expect(mode.parse('Single')).toBe('SINGLE');
    expect(mode.parse('metered')).toBeNull();
    expect(mode.parse(undefined)).toBeNull();
    expect(mode.parse(null)).toBeNull();
  });
});

describe('failureFromStatus', () => {
  const context: FailureContext = { provider: 'vertra', id: 'vertra:org123' };

  it('maps the table of ARCHITECTURE.md', () => {
    const details = { message: 'said so', code: 'CODE' };
    const kind = (status: number) => failureFromStatus(textResponse(status), context, details).kind;
    expect([400, 401, 403, 404, 409, 422, 429, 426, 500, 502, 503, 504].map((s) => [s, kind(s)])).toEqual([
      [400, 'validation'],
      [401, 'authentication'],
      [403, 'permission-denied'],
      [404, 'not-found'],
      [409, 'conflict'],
      [422, 'validation'],
      [429, 'rate-limited'],
      [426, 'provider'],
      [500, 'provider'],
      [502, 'provider'],
      [503, 'provider'],
      [504, 'provider'],
    ]);
  });

  it('keeps the field errors it is given for 400/422', () => {
    const fieldErrors = [inputFieldError('tags', 'TOO_LONG', 'too long', 3)];
    expect(fieldErrors).toEqual([{ path: ['input', 'tags', '3'], code: 'TOO_LONG', message: 'too long' }]);
    expect(failureFromStatus(textResponse(422), context, { message: null, code: null, fieldErrors })).toEqual({
      kind: 'validation',
      message: expect.any(String),
      fieldErrors,
    });
  });

  it('gives a conflict its field, or null', () => {
    expect(failureFromStatus(textResponse(409), context, { message: null, code: null })).toMatchObject({
      kind: 'conflict',
      field: null,
    });
    expect(
      failureFromStatus(textResponse(409), context, { message: null, code: null, conflictField: 'key' }),
    ).toMatchObject({ kind: 'conflict', field: 'key' });
  });
});

describe('rules every provider follows', () => {
  const contextOf = (provider: ProviderName): FailureContext => ({
    provider,
    id: `${provider}:${provider === 'dreadnode' ? 'acme/research' : 'ref'}`,
    patch: { name: 'x' },
  });

  it.each(CONTRACTS)('%s: 429 is rate limited, Retry-After in seconds or as an HTTP date', (provider, contract) => {
    const context = contextOf(provider);
    expect(contract.toFailure(textResponse(429, '', { 'Retry-After': '42' }), context)).toEqual({
      kind: 'rate-limited',
      provider,
      retryAfterSeconds: 42,
      message: expect.any(String),
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    expect(
      contract.toFailure(jsonResponse(429, {}, { 'Retry-After': 'Wed, 15 Apr 2026 12:00:30 GMT' }), context),
    ).toMatchObject({ kind: 'rate-limited', provider, retryAfterSeconds: 30 });
    expect(contract.toFailure(textResponse(429), context)).toMatchObject({
      kind: 'rate-limited',
      retryAfterSeconds: null,
    });
  });

  it.each(CONTRACTS)('%s: 5xx and 426 are provider errors, retryable only for 502/503/504', (provider, contract) => {
    const context = contextOf(provider);
    const outcome = (status: number) => {
      const failure: WorkspaceFailure = contract.toFailure(textResponse(status, 'down'), context);
      return failure.kind === 'provider' ? [failure.provider, failure.status, failure.retryable] : failure.kind;
    };
    expect([426, 500, 501, 502, 503, 504, 505].map(outcome)).toEqual([
      [provider, 426, false],
      [provider, 500, false],
      [provider, 501, false],
      [provider, 502, true],
      [provider, 503, true],
      [provider, 504, true],
      [provider, 505, false],
    ]);
  });

  it.each(CONTRACTS)('%s: 403 is permission denied and 404 not found, without a body', (provider, contract) => {
    const context = contextOf(provider);
    expect(contract.toFailure(textResponse(403), context)).toMatchObject({ kind: 'permission-denied', provider });
    expect(contract.toFailure(textResponse(404), context)).toMatchObject({ kind: 'not-found', id: context.id });
    expect(contract.toFailure(textResponse(401), context)).toMatchObject({ kind: 'authentication', provider });
  });

  it.each(CONTRACTS)('%s: an answer that is not JSON cannot become a workspace', (_provider, contract) => {
    const ref = { provider: _provider, segments: _provider === 'dreadnode' ? ['acme', 'research'] : ['ref'] };
    expect(contract.toWorkspace(undefined, ref)).toBeNull();
    expect(contract.toWorkspace('<html></html>', ref)).toBeNull();
    expect(contract.toWorkspace({}, ref)).toBeNull();
  });
});
