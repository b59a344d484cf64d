// Test helpers: call an emulated provider over real HTTP and read the answer.
import type { EmulatedProvider, Emulator } from '../../src/emulator';

export interface CallOptions {
  /** JSON-serialised unless a string (sent as-is). */
  body?: unknown;
  /** Default: the emulator's token; null sends no Authorization header. */
  token?: string | null;
  /** The body's Content-Type (default application/json); null sends the body with none at all. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. Loosely typed for assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function call(
  emulator: Emulator,
  provider: EmulatedProvider,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | Blob | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    // fetch labels a string body text/plain; a Blob without a type goes out without a Content-Type.
    if (options.contentType === null) body = new Blob([body]);
    else headers['content-type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(`${emulator.baseUrls[provider]}${path}`, {
    method,
    headers: { ...headers, ...options.headers },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function control(emulator: Emulator, method: string, path: string, body?: unknown): Promise<CallResult> {
  const res = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : JSON.parse(text) };
}

/** ISO timestamp written within the last minute. */
export function isRecent(timestamp: unknown): boolean {
  return typeof timestamp === 'string' && Math.abs(Date.now() - Date.parse(timestamp)) < 60_000;
}
