import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { STATUS_CODES } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, request, fetch as undiciFetch } from 'undici';

export interface HttpClientOptions {
  /** TCP (and TLS) connect timeout. */
  connectTimeoutMs: number;
  /** Time to receive the response headers once the request is sent. */
  headersTimeoutMs: number;
  /** Longest gap between two chunks of the response body. */
  bodyTimeoutMs: number;
  /** A larger response body is refused (a lying or broken upstream must not exhaust memory). */
  maxResponseBytes: number;
  /** Keep-alive connections per provider origin. */
  connectionsPerOrigin: number;
}

export interface HttpClient {
  fetch: Fetcher;
  close(): Promise<void>;
}

/**
 * One undici connection pool for all provider calls: keep-alive connections per origin,
 * connect/header/body timeouts and a response size cap. Shared by every request's data sources.
 *
 * Provider calls never follow redirects (`redirect: 'manual'`); those go through undici's
 * `request()` and are read in full, which costs a fraction of the WHATWG `fetch()` machinery
 * (Request/Response objects, web streams, resource timing) while sending the same request and
 * reading the same answer: `fetch()`'s default headers, and its content decoding. Any other
 * call goes through undici's `fetch()` on the same pool.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agent = new Agent({
    connectTimeout: options.connectTimeoutMs,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    maxResponseSize: options.maxResponseBytes,
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: 10_000,
  });
  const fetch: Fetcher = async (url, init = {}) => {
    if (init.redirect !== 'manual') {
      // undici's fetch is the WHATWG one; @apollo/datasource-rest's Fetcher type is the
      // node-fetch-shaped subset of it, so the cast only narrows the declared types.
      return undiciFetch(url, { ...init, dispatcher: agent } as Parameters<
        typeof undiciFetch
      >[1]) as Promise<FetcherResponse>;
    }
    const method = (init.method ?? 'GET').toUpperCase();
    const response = await request(url, {
      dispatcher: agent,
      method: method as 'GET',
      headers: requestHeaders(url, init),
      body: init.body ?? null,
      signal: init.signal as AbortSignal | undefined,
    });
    const headers = new BufferedHeaders(response.headers);
    let body: Buffer = Buffer.from(await response.body.arrayBuffer());
    if (method !== 'HEAD' && !NULL_BODY_STATUSES.has(response.statusCode)) {
      body = await decodeContent(body, headers.get('content-encoding'));
    }
    return new BufferedResponse(url, response.statusCode, headers, body);
  };
  return { fetch, close: () => agent.close() };
}

/** What undici's `fetch()` adds to a request that does not set them (fetch spec, "HTTP-network-or-cache fetch"). */
function requestHeaders(url: string, init: FetcherRequestInit): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  if (typeof init.body === 'string' && headers['content-type'] === undefined) {
    headers['content-type'] = 'text/plain;charset=UTF-8';
  }
  headers['accept'] ??= '*/*';
  headers['accept-language'] ??= '*';
  headers['sec-fetch-mode'] = 'cors';
  headers['user-agent'] ??= 'undici';
  headers['accept-encoding'] ??= url.startsWith('https:') ? 'br, gzip, deflate' : 'gzip, deflate';
  return headers;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);
const zlibFlush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const brotliFlush = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/**
 * Undoes the response's Content-Encoding as undici's `fetch()` does: codings applied in reverse
 * order, gzip/x-gzip, deflate (zlib-wrapped or raw), br; an unknown coding leaves the body as
 * sent; more than five codings are refused.
 */
async function decodeContent(body: Buffer, contentEncoding: string | null): Promise<Buffer> {
  if (!contentEncoding || body.length === 0) return body;
  const codings = contentEncoding.toLowerCase().split(',');
  if (codings.length > 5) {
    throw new Error(`too many content-encodings in response: ${codings.length}, maximum allowed is 5`);
  }
  const decoders: ((input: Buffer) => Promise<Buffer>)[] = [];
  for (let i = codings.length - 1; i >= 0; --i) {
    const coding = codings[i]?.trim();
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push((input) => gunzip(input, zlibFlush));
    else if (coding === 'deflate') {
      decoders.push((input) =>
        ((input[0] ?? 0) & 0x0f) === 0x08 ? inflate(input, zlibFlush) : inflateRaw(input, zlibFlush),
      );
    } else if (coding === 'br') decoders.push((input) => brotli(input, brotliFlush));
    else return body;
  }
  let decoded = body;
  for (const decode of decoders) decoded = await decode(decoded);
  return decoded;
}

/** Response headers with the WHATWG Headers reading rules (case-insensitive, repeated values joined). */
class BufferedHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string[]>();

  constructor(raw: Record<string, string | string[] | undefined> | BufferedHeaders) {
    if (raw instanceof BufferedHeaders) {
      for (const [name, values] of raw.map) this.map.set(name, [...values]);
      return;
    }
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      this.map.set(name.toLowerCase(), Array.isArray(value) ? [...value] : [value]);
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase())?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    this.map.set(key, [...(this.map.get(key) ?? []), value]);
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), [value]);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  /** Sorted by name; set-cookie once per value, any other name once with its values joined. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.map.keys()].sort()) {
      const values = this.map.get(name) ?? [];
      if (name === 'set-cookie') for (const value of values) yield [name, value];
      else yield [name, values.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A response read in full: the node-fetch-shaped subset @apollo/datasource-rest uses. */
class BufferedResponse implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText: string;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: BufferedHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.statusText = STATUS_CODES[status] ?? '';
  }

  /** UTF-8, without a leading byte order mark (as the WHATWG `text()`). */
  async text(): Promise<string> {
    const bytes = this.consume();
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return bytes.toString('utf8', bom ? 3 : 0);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.url, this.status, new BufferedHeaders(this.headers), this.body);
  }

  private consume(): Buffer {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.bodyUsed = true;
    return this.body;
  }
}
