// The provider HTTP client (undici request()) and the headers the data source sends through it:
// the wire request is what undici's fetch() used to send, redirects come back unfollowed,
// Content-Encoding is undone, the response size cap holds.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../src/providers/shared/http-client';
import { ProviderDataSource, type ProviderRestContract } from '../../src/providers/shared/provider-data-source';
import { AttemptDeadline, ProviderResilience } from '../../src/providers/shared/resilience';
import { classifyNetworkError } from '../../src/providers/shared/upstream';
import type { WorkspaceRef } from '../../src/domain/global-id';
import { loadConfig } from '../../src/server/config/config';
import { ALL_FIXTURES, providerWith, referenceOf, type ProviderFixture } from '../providers';

interface Answer {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
}

let server: Server;
let base: string;
let http: HttpClient;
let answer: Answer;
const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(answer.status ?? 200, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = createHttpClient({ ...loadConfig({}).upstream, maxResponseBytes: 64 * 1024 });
});
afterAll(async () => {
  await http?.close();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  answer = {};
});

const get = (path = '/x') => http.send({ method: 'GET', url: `${base}${path}`, headers: {} });
const JSON_TEXT = JSON.stringify({ name: 'café', tags: ['a'] });

describe('the client', () => {
  it.each([
    ['gzip', zlib.gzipSync(JSON_TEXT)],
    ['x-gzip', zlib.gzipSync(JSON_TEXT)],
    ['deflate', zlib.deflateSync(JSON_TEXT)],
    ['deflate', zlib.deflateRawSync(JSON_TEXT)],
    ['br', zlib.brotliCompressSync(JSON_TEXT)],
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(JSON_TEXT))],
  ])('undoes Content-Encoding: %s', async (encoding, body) => {
    answer = { headers: { 'content-encoding': encoding }, body };
    expect((await get()).text).toBe(JSON_TEXT);
  });

  it('leaves a body in an unknown coding as sent, and strips a UTF-8 byte order mark', async () => {
    answer = { headers: { 'content-encoding': 'zstd-ish' }, body: 'as sent' };
    expect((await get()).text).toBe('as sent');
    answer = { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON_TEXT)]) };
    expect((await get()).text).toBe(JSON_TEXT);
  });

  it('reads headers case-insensitively, a repeated one joined', async () => {
    answer = { status: 429, headers: { 'Retry-After': '3', 'x-many': ['a', 'b'] } };
    const response = await get();
    expect([response.status, response.header('retry-after'), response.header('X-Many')]).toEqual([429, '3', 'a, b']);
    expect(response.header('absent')).toBeNull();
  });

  it('does not follow a redirect', async () => {
    answer = { status: 307, headers: { location: `${base}/elsewhere` } };
    expect((await get('/here')).status).toBe(307);
    expect(received.map((r) => r.url)).toEqual(['/here']);
  });

  it('refuses a body over the cap: the call fails as too large', async () => {
    answer = { body: 'x'.repeat(64 * 1024 + 1) };
    const error = await get().catch((e: unknown) => e);
    expect(classifyNetworkError(error)).toEqual({ reason: 'too-large' });
  });
});

describe("the data source's request", () => {
  const TOKEN = 'token-5b1d';
  const sourceFor = (contract: ProviderRestContract) =>
    new ProviderDataSource(
      contract,
      {
        baseUrl: `${base}/v1`,
        credentials: { mode: 'service', token: TOKEN },
        send: http.send,
        resilience: new ProviderResilience(loadConfig({}).upstream),
      },
      TOKEN,
    );
  /** The fixture's contract, as the data source takes it. */
  const contractOf = (f: ProviderFixture) => f.contract as unknown as ProviderRestContract;
  const refOf = (f: ProviderFixture): WorkspaceRef => ({
    provider: f.provider,
    segments: referenceOf(f.writable.id).split('/'),
  });

  it.each(ALL_FIXTURES)(
    "$label: carries the bearer token, its Accept and Content-Type (JSON's by default), and fetch()'s default headers",
    async (f) => {
      const source = sourceFor(contractOf(f));
      const mediaType = f.mediaType ?? 'application/json';
      await source.getWorkspace(refOf(f));
      await source.updateWorkspace(refOf(f), f.change(1), f.writable.id);
      const [read, update] = received;
      expect(read).toMatchObject({ method: 'GET', url: `/v1${f.writable.path}` });
      expect(read?.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: mediaType,
        'accept-encoding': 'gzip, deflate',
        'accept-language': '*',
        'sec-fetch-mode': 'cors',
        'user-agent': 'undici',
      });
      if (!f.mediaType) expect(read?.headers['content-type']).toBeUndefined();
      expect(update).toMatchObject({ method: f.updateMethod, url: `/v1${f.writable.path}` });
      expect(update?.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': mediaType });
      expect(JSON.parse(update?.body ?? '')).toEqual(f.contract.requestBody(f.change(1) as never));
    },
  );

  it("the contract's headers replace Accept and Content-Type, never Authorization", async () => {
    const f = providerWith('that speaks plain JSON', (p) => !p.mediaType);
    const source = sourceFor({
      ...contractOf(f),
      requestHeaders: {
        Accept: 'application/vnd.api+json',
        'Content-Type': 'application/vnd.api+json',
        authorization: 'Bearer not-this',
      },
    });
    await source.updateWorkspace(refOf(f), f.change(1), f.writable.id);
    expect(received[0]?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/vnd.api+json',
      'content-type': 'application/vnd.api+json',
    });
  });
});

describe("a request's signal", () => {
  // `/hang` never answers; `/stall` sends its headers and half a body, then nothing.
  let slow: Server;
  let slowBase: string;
  beforeAll(async () => {
    slow = createServer((req, res) => {
      if (req.url === '/stall') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"half":');
      }
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    slowBase = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    slow?.closeAllConnections();
    await new Promise((resolve) => slow?.close(resolve));
  });

  it.each(['/hang', '/stall'])('aborts %s when it fires, with its reason, and stops listening', async (path) => {
    const signal = new AttemptDeadline(50);
    const started = Date.now();
    const error = await http.send({ method: 'GET', url: `${slowBase}${path}`, headers: {}, signal }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBe(signal.reason);
    expect(classifyNetworkError(error)).toEqual({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signal.listenerCount('abort')).toBe(0);
  });

  it('refuses at once with an AbortSignal that already fired', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('gone', 'AbortError'));
    const error = await http.send({ method: 'GET', url: `${base}/x`, headers: {}, signal: controller.signal }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBe(controller.signal.reason);
  });

  it('leaves nothing listening once the answer is in, and a later firing changes nothing', async () => {
    answer = { body: JSON_TEXT };
    const signal = new AttemptDeadline(30);
    const response = await http.send({ method: 'GET', url: `${base}/x`, headers: {}, signal });
    expect(response.text).toBe(JSON_TEXT);
    expect(signal.listenerCount('abort')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(signal.aborted).toBe(true);
    // The connection is still good for the next request.
    expect((await get()).text).toBe(JSON_TEXT);
  });
});
