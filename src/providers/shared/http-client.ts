import type { Fetcher } from '@apollo/utils.fetcher';
import { Agent, fetch as undiciFetch } from 'undici';

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
  // undici's fetch is the WHATWG one; @apollo/datasource-rest's Fetcher type is the
  // node-fetch-shaped subset of it, so the cast only narrows the declared types.
  const fetch = ((url: string, init?: Record<string, unknown>) =>
    undiciFetch(url, { ...init, dispatcher: agent } as Parameters<typeof undiciFetch>[1])) as unknown as Fetcher;
  return { fetch, close: () => agent.close() };
}
