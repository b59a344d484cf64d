// Hand-built upstream answers and small assertions shared by the unit tests.
import { expect } from 'vitest';
import { encodeGlobalId, type WorkspaceRef } from '../../src/domain/global-id';
import type { Workspace } from '../../src/domain/workspace';
import type { ResilienceOptions } from '../../src/providers/shared/resilience';
import type { UpstreamResponse } from '../../src/providers/shared/upstream';

type Headers = Record<string, string>;

/** A provider's resilience for pipeline tests: retries after 1–2 ms, within short deadlines. */
export const FAST_RESILIENCE: ResilienceOptions = {
  attemptTimeoutMs: 1_000,
  budgetMs: 5_000,
  maxAttempts: 3,
  initialBackoffMs: 1,
  maxBackoffMs: 2,
  retryAfterCapMs: 2_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 10_000,
};

/** Header lookup is case-insensitive, as with fetch's Headers. */
function headerLookup(headers: Headers): (name: string) => string | null {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return (name) => lower.get(name.toLowerCase()) ?? null;
}

/** An answer whose body parsed as JSON. */
export function jsonResponse(status: number, value: unknown, headers: Headers = {}): UpstreamResponse {
  return { status, header: headerLookup(headers), body: { kind: 'json', value } };
}

/** An answer whose body is not JSON (or empty). */
export function textResponse(status: number, text = '', headers: Headers = {}): UpstreamResponse {
  return { status, header: headerLookup(headers), body: { kind: 'text', text } };
}

/** A Date that the graph serialises as the given ISO-8601 UTC string with milliseconds. */
export function expectDate(value: Date | null | undefined, iso: string): void {
  expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(value).toBeInstanceOf(Date);
  expect((value as Date).toISOString()).toBe(iso);
}

/** Narrows a mapping result to a Workspace, failing the test when the body was refused. */
export function mapped(workspace: Workspace | null): Workspace {
  expect(workspace).not.toBeNull();
  return workspace as Workspace;
}

/** A minimal workspace at `ref`, as a fake gateway answers. */
export function workspaceAt(ref: WorkspaceRef, name = ref.segments.join('/')): Workspace {
  return {
    id: encodeGlobalId(ref.provider, ref.segments),
    provider: ref.provider,
    providerId: `pid-${ref.segments.join('-')}`,
    name,
    displayName: null,
    description: null,
    createdAt: null,
    updatedAt: null,
    // No test reads them: some provider's details (the shape does not matter to the domain).
    details: { provider: ref.provider } as Workspace['details'],
  };
}
