import type { IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, request } from 'undici';
import type { CallAnswer, CallMethod } from '../../provider-calls/types';
import { REQUEST_SIGNAL, signalDispatcher, type RequestSignal } from './signal-dispatcher';

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

/**
 * One provider request, as sent: the headers are sent exactly as given (see `wireHeaders`). Each
 * attempt of a provider call sends one (provider-call.ts).
 */
export interface OutboundRequest {
  method: CallMethod;
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string | undefined;
  /** Aborts the request when it fires (an attempt's deadline, or any AbortSignal), with its reason. */
  signal?: RequestSignal | undefined;
}

/** A provider's answer, read in full and decoded. */
export type InboundResponse = CallAnswer;

/** Sends one request and reads the whole answer; rejects when no answer came (undici's errors). */
export type SendRequest = (request: OutboundRequest) => Promise<InboundResponse>;

export interface HttpClient {
  send: SendRequest;
  close(): Promise<void>;
}

/**
 * One undici connection pool for all provider calls: keep-alive connections per origin,
 * connect/header/body timeouts and a response size cap. Shared by every request's data sources.
 *
 * Built on undici's `request()`: redirects are never followed (a redirect could carry the bearer
 * token somewhere else; a 3xx comes back as it is), the body is read in full and its
 * Content-Encoding undone.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const pool = new Agent({
    connectTimeout: options.connectTimeoutMs,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    maxResponseSize: options.maxResponseBytes,
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: 10_000,
  });
  // A request's signal goes to this dispatcher, not to undici's `signal` option (signal-dispatcher.ts).
  const dispatcher = signalDispatcher(pool);
  const send: SendRequest = async ({ method, url, headers, body, signal }) => {
    const options = { dispatcher, method, headers, body: body ?? null, [REQUEST_SIGNAL]: signal };
    const response = await request(url, options);
    let bytes: Buffer = Buffer.from(await response.body.arrayBuffer());
    if (!NULL_BODY_STATUSES.has(response.statusCode)) {
      bytes = await decodeContent(bytes, headerOf(response.headers, 'content-encoding'));
    }
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return {
      status: response.statusCode,
      header: (name) => headerOf(response.headers, name.toLowerCase()),
      text: bytes.toString('utf8', bom ? 3 : 0),
    };
  };
  return { send, close: () => pool.close() };
}

/**
 * The headers every provider call carries besides its own, as undici's `fetch()` sent them
 * before this client replaced it (so the wire request did not change), and the encodings
 * `decodeContent` undoes.
 */
export function wireHeaders(url: string): Record<string, string> {
  return {
    'accept-language': '*',
    'sec-fetch-mode': 'cors',
    'user-agent': 'undici',
    'accept-encoding': url.startsWith('https:') ? 'br, gzip, deflate' : 'gzip, deflate',
  };
}

/** undici gives header names in lower case, a repeated header as an array. */
function headerOf(headers: IncomingHttpHeaders, lowerCaseName: string): string | null {
  const value = headers[lowerCaseName];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
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
