// node:http helpers: read and classify a request body, read the bearer token, write replies
// that never throw on a socket the client already closed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestBody } from './providers/api';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A body is JSON when it parses; a JSON body sent with a non-JSON content type is refused too. */
export function classifyBody(raw: Buffer, contentType: string | undefined): RequestBody {
  if (raw.length === 0) return { kind: 'empty' };
  const text = raw.toString('utf8');
  const declaredJson = contentType === undefined || /\bjson\b/i.test(contentType);
  try {
    const value: unknown = JSON.parse(text);
    return declaredJson ? { kind: 'json', value } : { kind: 'invalid', text };
  } catch {
    return { kind: 'invalid', text };
  }
}

/** What a RecordedRequest keeps: parsed JSON, else the text, else undefined. */
export function recordedBody(body: RequestBody): unknown {
  if (body.kind === 'json') return body.value;
  if (body.kind === 'invalid') return body.text;
  return undefined;
}

/** The token of a bearer Authorization header, else undefined; the scheme is case-insensitive (RFC 9110). */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer +(.+)$/i.exec(header)?.[1];
}

/** Raw path (not decoded) and query of a request target. */
export function splitUrl(rawUrl: string): { path: string; query: string } {
  const q = rawUrl.indexOf('?');
  return q < 0 ? { path: rawUrl, query: '' } : { path: rawUrl.slice(0, q), query: rawUrl.slice(q) };
}

/** body undefined -> no body; a string is sent as-is; anything else as JSON. */
export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (body === undefined) {
    res.writeHead(status, { 'content-length': '0', ...lower });
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...lower,
  });
  res.end(text);
}
