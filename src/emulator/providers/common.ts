// Small helpers shared by the emulated providers: routing, JSON type checks, time formats.
import type { ProviderCall, ProviderReply } from './api';

export type Params = Record<string, string>;
export type MethodHandler = (params: Params, call: ProviderCall) => ProviderReply;

export interface RouteSpec {
  /** e.g. ['org', ':org', 'ws', ':ws']; ':x' captures one raw segment. */
  pattern: readonly string[];
  methods: Record<string, MethodHandler>;
  unauthorized(): ProviderReply;
  unknownPath(): ProviderReply;
  methodNotAllowed(allow: string): ProviderReply;
}

/** Auth first (every call needs the token), then path, then method. */
export function routeCall(call: ProviderCall, spec: RouteSpec): ProviderReply {
  if (!call.authorized) {
    const reply = spec.unauthorized();
    // RFC 9110 asks a 401 to name the scheme it wants (a provider that documents a 400 instead does not).
    return reply.status === 401 ? { ...reply, headers: { ...reply.headers, 'www-authenticate': 'Bearer' } } : reply;
  }
  const params = matchPattern(spec.pattern, call.segments);
  if (!params) return spec.unknownPath();
  const handler = spec.methods[call.method];
  if (!handler) {
    const allow = Object.keys(spec.methods).join(', ');
    const reply = spec.methodNotAllowed(allow);
    return { ...reply, headers: { ...reply.headers, allow } };
  }
  return handler(params, call);
}

function matchPattern(pattern: readonly string[], segments: readonly string[]): Params | null {
  if (pattern.length !== segments.length) return null;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = segments[i] as string;
    if (want.startsWith(':')) {
      if (got === '') return null;
      params[want.slice(1)] = got;
    } else if (want !== got) {
      return null;
    }
  }
  return params;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export function isStringRecord(value: unknown): value is Record<string, string> {
  return isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** The documents' limits are in characters; we count Unicode code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  return [...text].length;
}

export function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** A renamed reference must stay addressable: unreserved URL characters only, not '.'/'..'. */
export const REFERENCE_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._~-]+$/;

/** "2026-04-15T12:00:00.000Z" (milliseconds). */
export function isoMillis(date = new Date()): string {
  return date.toISOString();
}

/** "2026-04-15T12:00:00Z" (whole seconds, the form of some documents' examples). */
export function isoSeconds(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "2025-10-29T00:40:06.000000Z" (microseconds). */
export function isoMicros(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
