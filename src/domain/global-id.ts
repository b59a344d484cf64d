import { isProviderName, PROVIDER_NAMES, type ProviderName } from './provider';

/** A workspace address: which provider, and the reference its REST path needs. */
export interface WorkspaceRef {
  provider: ProviderName;
  /** The path segments of the reference (two for a provider whose reference is `<org slug>/<ws slug>`). */
  segments: string[];
}

/** Reference segments are opaque, URL-safe strings: never empty, `.` or `..`. */
const SAFE_SEGMENT = /^[A-Za-z0-9._~-]+$/;

export function isSafeSegment(value: string): boolean {
  return SAFE_SEGMENT.test(value) && value !== '.' && value !== '..';
}

export function encodeGlobalId(provider: ProviderName, segments: readonly string[]): string {
  return `${provider}:${segments.join('/')}`;
}

export function globalIdOf(ref: WorkspaceRef): string {
  return encodeGlobalId(ref.provider, ref.segments);
}

export type DecodeResult = { ok: true; ref: WorkspaceRef } | { ok: false; reason: string };

/**
 * Decodes `<provider>:<reference>`; `segmentCount` says how many `/`-separated segments the
 * provider's reference has. Nothing is percent-decoded: `%` is not a safe character.
 */
export function decodeGlobalId(id: string, segmentCount: (provider: ProviderName) => number): DecodeResult {
  const colon = id.indexOf(':');
  if (colon <= 0) {
    return { ok: false, reason: `"${truncate(id)}" is not a workspace id: expected "<provider>:<reference>"` };
  }
  const provider = id.slice(0, colon);
  if (!isProviderName(provider)) return { ok: false, reason: unknownProvider(provider) };
  const reference = id.slice(colon + 1);
  const expected = segmentCount(provider);
  const shape = expected === 2 ? '"<org slug>/<ws slug>"' : 'one segment of [A-Za-z0-9._~-], not "." or ".."';
  if (reference === '') return { ok: false, reason: `the ${provider} reference is empty: it must be ${shape}` };
  const segments = reference.split('/');
  if (segments.length !== expected || !segments.every(isSafeSegment)) {
    return { ok: false, reason: `the ${provider} reference must be ${shape}` };
  }
  return { ok: true, ref: { provider, segments } };
}

/** Names the providers there are (in lower case); one in another case is pointed to its id prefix. */
function unknownProvider(provider: string): string {
  const lower = provider.toLowerCase();
  const known = `the providers are ${PROVIDER_NAMES.join(', ')}`;
  return isProviderName(lower)
    ? `"${truncate(provider)}" is not a known provider: ids are lower case ("${lower}:…"); ${known}`
    : `"${truncate(provider)}" is not a known provider: ${known} (ids are lower case)`;
}

function truncate(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}
