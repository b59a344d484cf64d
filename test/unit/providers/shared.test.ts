// The shared half of the providers: Retry-After, bodies, payload fields, the status table, the
// rules every provider must follow (README.md, "Error results"; each provider's
// src/providers/<p>/CONTRACT.md), and the provider call pipeline (provider-call.ts).
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceFailure } from '../../../src/domain/failures';
import type { ProviderName } from '../../../src/domain/provider';
import type { StopReason } from '../../../src/limits/request-scope';
import type { AttemptLayer, CallLayer, CallRequest, CallResult } from '../../../src/provider-calls/types';
import { altostratContract } from '../../../src/providers/altostrat/contract';
import { blaxelContract } from '../../../src/providers/blaxel/contract';
import { dreadnodeContract } from '../../../src/providers/dreadnode/contract';
import { flashbackContract } from '../../../src/providers/flashback/contract';
import type { OutboundRequest, SendRequest } from '../../../src/providers/shared/http-client';
import { dateTime, nullableDateTime, upperCaseEnum } from '../../../src/providers/shared/payload-fields';
import { composeProviderCall } from '../../../src/providers/shared/provider-call';
import { ProviderDataSource } from '../../../src/providers/shared/provider-data-source';
import type { ProviderRestContract } from '../../../src/providers/shared/provider-data-source';
import { READ_CACHE_PREFIX } from '../../../src/providers/shared/read-cache';
import { ProviderResilience } from '../../../src/providers/shared/resilience';
import { parseRetryAfter } from '../../../src/providers/shared/retry-after';
import { failureFromStatus, inputFieldError, type FailureContext } from '../../../src/providers/shared/status-failure';
import { classifyNetworkError, jsonObject, parseBodyText, stringField } from '../../../src/providers/shared/upstream';
import { vertraContract } from '../../../src/providers/vertra/contract';
import { loadConfig } from '../../../src/server/config/config';
import { measureAttempts, type Metrics } from '../../../src/telemetry/metrics';
import { FAST_RESILIENCE, jsonResponse, textResponse } from '../helpers';

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

  it('maps the table of README.md, "Error results"', () => {
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

describe('the provider call pipeline (composeProviderCall)', () => {
  const WORKSPACE_URL = 'http://provider.test/v1/workspaces/org123';
  const requestOf = (overrides: Partial<CallRequest> = {}): CallRequest => ({
    provider: 'vertra',
    method: 'GET',
    url: WORKSPACE_URL,
    urlTemplate: () => 'http://provider.test/v1/workspaces/%7Bid%7D',
    headers: { authorization: 'Bearer t' },
    idempotent: true,
    credential: { token: 't' },
    ...overrides,
  });

  /** A send that answers `answers` in turn (a number: that status; an Error: thrown), logging each request. */
  function scriptedSend(answers: (number | Error)[], log: string[]) {
    const sent: OutboundRequest[] = [];
    const send: SendRequest = async (request) => {
      sent.push(request);
      log.push('send');
      const answer = answers.shift() ?? 200;
      if (answer instanceof Error) throw answer;
      return { status: answer, header: () => null, text: `{"status":${answer}}` };
    };
    return { send, sent };
  }

  const callLayer =
    (name: string, log: string[]): CallLayer =>
    (next) =>
    async (request) => {
      log.push(`${name} ${request.method}`);
      const result = await next(request);
      log.push(`${name} ended`);
      return result;
    };
  const attemptLayer =
    (name: string, log: string[]): AttemptLayer =>
    (next) =>
    (request, attempt) => {
      const { retryOf } = attempt;
      const after = retryOf && ('status' in retryOf ? retryOf.status : retryOf.reason);
      log.push(`${name} #${attempt.number}${after ? ` after ${after}` : ''}`);
      return next(request, attempt);
    };

  function memoryCache() {
    const entries = new Map<string, string>();
    const cache: KeyValueCache<string> = {
      get: async (key) => entries.get(key),
      set: async (key, value) => void entries.set(key, value),
      delete: async (key) => entries.delete(key),
    };
    return { cache, entries, ttlSeconds: 5, credentialKey: (credential: string) => `key-of-${credential}` };
  }

  it('runs the call layers once, then resilience, then the attempt layers and the HTTP client per attempt', async () => {
    const log: string[] = [];
    const { send, sent } = scriptedSend([503, 200], log);
    const call = composeProviderCall(
      { send, resilience: new ProviderResilience(FAST_RESILIENCE) },
      {
        call: [callLayer('outer', log), callLayer('inner', log)],
        attempt: [attemptLayer('span', log), attemptLayer('metrics', log)],
      },
    );
    const result = await call(requestOf());
    expect(result).toMatchObject({ status: 200, text: '{"status":200}' });
    expect(log).toEqual([
      'outer GET',
      'inner GET',
      'span #0',
      'metrics #0',
      'send',
      'span #1 after 503',
      'metrics #1 after 503',
      'send',
      'inner ended',
      'outer ended',
    ]);
    // Each attempt is sent with its own deadline's signal, the request as the data source built it.
    expect(sent.map((r) => [r.method, r.url, r.headers, r.signal !== undefined && !r.signal.aborted])).toEqual([
      ['GET', WORKSPACE_URL, { authorization: 'Bearer t' }, true],
      ['GET', WORKSPACE_URL, { authorization: 'Bearer t' }, true],
    ]);
  });

  it('an attempt that gets no answer comes back as why; a call that may not be repeated is sent once', async () => {
    const log: string[] = [];
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { send } = scriptedSend([refused, refused], log);
    const call = composeProviderCall({ send, resilience: new ProviderResilience(FAST_RESILIENCE) });
    expect(await call(requestOf({ method: 'PATCH', body: '{}', idempotent: false }))).toEqual({ reason: 'refused' });
    expect(log).toEqual(['send']);
  });

  it('sends no retry once the request has stopped', async () => {
    const log: string[] = [];
    const { send } = scriptedSend([503, 200], log);
    const stop: { stopped: StopReason | null } = { stopped: null };
    const call = composeProviderCall(
      { send, resilience: new ProviderResilience(FAST_RESILIENCE) },
      {
        attempt: [(next) => async (request, attempt) => ((stop.stopped = 'DEADLINE_EXCEEDED'), next(request, attempt))],
      },
    );
    expect(await call(requestOf({ stop }))).toMatchObject({ status: 503 });
    expect(log).toEqual(['send']);
  });

  it('a GET answered from the read cache goes no further: no call layer, no attempt', async () => {
    const log: string[] = [];
    const { send } = scriptedSend([200, 200], log);
    const readCache = memoryCache();
    const call = composeProviderCall(
      { send, resilience: new ProviderResilience(FAST_RESILIENCE), readCache },
      { call: [callLayer('span', log)], attempt: [attemptLayer('metrics', log)] },
    );
    const first = await call(requestOf());
    const second = await call(requestOf());
    expect(second).toMatchObject({ status: 200, text: (first as { text: string }).text });
    expect(log).toEqual(['span GET', 'metrics #0', 'send', 'span ended']);
    expect([...readCache.entries.keys()]).toEqual([`${READ_CACHE_PREFIX}GET ${WORKSPACE_URL} 0 key-of-t`]);
  });

  it('an update is neither looked up in the read cache nor stored there', async () => {
    const log: string[] = [];
    const { send } = scriptedSend([200, 200], log);
    const readCache = memoryCache();
    const call = composeProviderCall({ send, resilience: new ProviderResilience(FAST_RESILIENCE), readCache });
    for (let i = 0; i < 2; i++) await call(requestOf({ method: 'PUT', body: '{}' }));
    expect(log).toEqual(['send', 'send']);
    expect(readCache.entries.size).toBe(0);
  });

  it("telemetry's metrics layer times each attempt by status class and counts a retry by its cause", async () => {
    const recorded: unknown[][] = [];
    const metrics = {
      providerRequest: (provider, method, status) => void recorded.push(['request', provider, method, status]),
      retry: (provider, after) => void recorded.push(['retry', provider, after]),
    } as Partial<Metrics> as Metrics;
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { send } = scriptedSend([reset, 503, 200], []);
    const call = composeProviderCall(
      { send, resilience: new ProviderResilience(FAST_RESILIENCE) },
      { attempt: [measureAttempts(metrics)] },
    );
    const result: CallResult = await call(requestOf({ method: 'PUT', body: '{}' }));
    expect(result).toMatchObject({ status: 200 });
    expect(recorded).toEqual([
      ['request', 'vertra', 'PUT', 'none'],
      ['retry', 'vertra', { reason: 'reset' }],
      ['request', 'vertra', 'PUT', '5xx'],
      ['retry', 'vertra', expect.objectContaining({ status: 503 })],
      ['request', 'vertra', 'PUT', '2xx'],
    ]);
  });
});

describe("the data source's calls", () => {
  it("are built from the contract and sent through the settings' pipeline, whose answer it maps", async () => {
    const requests: CallRequest[] = [];
    const answers: CallResult[] = [
      { status: 200, header: () => null, text: JSON.stringify({ response: { id: 'org123', name: 'Org 123' } }) },
      { status: 503, header: () => null, text: '<html>down</html>' },
    ];
    const stop = { stopped: null };
    const source = new ProviderDataSource(
      vertraContract,
      {
        baseUrl: 'https://vertra.test/v1',
        credentials: { mode: 'service', token: 'tok' },
        send: () => Promise.reject(new Error('not through the pipeline')),
        resilience: new ProviderResilience(loadConfig({}).upstream),
        call: async (request) => (requests.push(request), answers.shift()!),
      },
      'tok',
      stop,
    );
    const ref = { provider: 'vertra' as const, segments: ['org123'] };
    expect(await source.getWorkspace(ref)).toMatchObject({ ok: true, value: { id: 'vertra:org123', name: 'Org 123' } });
    expect(await source.updateWorkspace(ref, { name: 'n' }, 'vertra:org123')).toMatchObject({
      ok: false,
      failure: { kind: 'provider', status: 503, retryable: true },
    });
    const [read, update] = requests;
    expect(read).toMatchObject({
      provider: 'vertra',
      method: 'GET',
      url: 'https://vertra.test/v1/workspaces/org123',
      body: undefined,
      idempotent: true,
      stop,
      credential: { token: 'tok' },
    });
    expect(read?.headers).toMatchObject({ authorization: 'Bearer tok', accept: 'application/json' });
    expect(read?.urlTemplate()).toBe('https://vertra.test/v1/workspaces/%7Bid%7D');
    expect(update).toMatchObject({ method: 'PUT', idempotent: true, body: JSON.stringify({ updates: { name: 'n' } }) });
    expect(update?.headers).toMatchObject({ 'content-type': 'application/json' });
    // One credential object per data source: the read cache keys its calls by it.
    expect(update?.credential).toBe(read?.credential);
  });
});

describe('imports between providers/ and telemetry/', () => {
  const SRC = join(__dirname, '../../../src');
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  const importsOf = (file: string) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);

  it("none: the pipeline's terms are in src/provider-calls/, which both import", () => {
    const offending = [
      ...filesUnder(join(SRC, 'providers')).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => /(^|\/)telemetry(\/|$)/.test(specifier))
          .map((specifier) => `${file}: ${specifier}`),
      ),
      ...filesUnder(join(SRC, 'telemetry')).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => /(^|\/)providers(\/|$)/.test(specifier))
          .map((specifier) => `${file}: ${specifier}`),
      ),
    ];
    expect(offending).toEqual([]);
    // The check reads imports: it finds the ones that are there.
    expect(importsOf(join(SRC, 'telemetry/metrics.ts'))).toContain('../provider-calls/retry-policy');
  });
});
