import type { NoAnswer } from '../../provider-calls/types';

/**
 * A provider's answer as its mapping reads it: status, headers and the body as JSON when it
 * parses (the data source parses the CallAnswer's text once, when the call has ended).
 */
export interface UpstreamResponse {
  status: number;
  header(name: string): string | null;
  body: ParsedBody;
}

export type ParsedBody = { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

export function parseBodyText(text: string): ParsedBody {
  if (text.trim() === '') return { kind: 'text', text };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'text', text };
  }
}

/** The JSON body as a plain object, or an empty one (error envelopes are best-effort). */
export function jsonObject(body: ParsedBody): Record<string, unknown> {
  return body.kind === 'json' && typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value)
    ? (body.value as Record<string, unknown>)
    : {};
}

export function stringField(object: Record<string, unknown>, key: string): string | null {
  const value = object[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Classifies what the HTTP client threw when no response came back. */
export function classifyNetworkError(error: unknown): NoAnswer {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return { reason: 'timeout' };
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') return { reason: 'refused' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { reason: 'reset' };
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return { reason: 'too-large' };
  if (code?.includes('TIMEOUT')) return { reason: 'timeout' };
  return { reason: 'unreachable' };
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
