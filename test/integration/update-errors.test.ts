// Every error member of UpdateWorkspaceResult that a provider's answer can produce, for each
// provider: not found, permission denied, rate limited, provider failures and unusable bodies
// (uniform across providers), then each provider's own validation, conflict and other answers
// (its fixture's cases). Wrong credentials and unreachable providers need their own stacks:
// update-misconfigured.test.ts.
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../src/emulator';
import { ALL_FIXTURES, type ProviderFixture } from '../providers';
import type { AnswerCase } from '../providers/fixture';
import { calls, useHarness, type UpdateInput, type UpdateResult } from './helpers';

describe('updateWorkspace error results', () => {
  const harness = useHarness();

  describe.each(ALL_FIXTURES)('$label', (fixture) => {
    const { provider, enumValue } = fixture;
    const changeWritable = (): UpdateInput => ({ id: fixture.writable.id, ...fixture.rename });

    /**
     * Updates the writable seed with `fault` answering every attempt (the subgraph may retry
     * what is retryable); asserts the calls went to the right place.
     */
    async function updateWithFault(fault: Fault): Promise<UpdateResult> {
      const { emulator, update } = harness();
      emulator.injectFault(provider, { times: Infinity, ...fault });
      const result = await update(changeWritable());
      expect(calls(emulator).length).toBeGreaterThanOrEqual(1);
      expect(new Set(calls(emulator))).toEqual(new Set([`${fixture.updateMethod} ${fixture.writable.path}`]));
      return result;
    }

    it('WorkspaceNotFoundError for an unknown workspace, echoing the id asked for', async () => {
      const { emulator, update } = harness();
      const result = await update({ id: fixture.unknown.id, ...fixture.rename });
      expect(result).toEqual({
        __typename: 'WorkspaceNotFoundError',
        message: expect.any(String),
        id: fixture.unknown.id,
      });
      expect(calls(emulator)).toEqual([`${fixture.updateMethod} ${fixture.unknown.path}`]);
    });

    it('WorkspacePermissionDeniedError for the read-only seed (403; or the 404 of a provider that says so)', async () => {
      const { emulator, update } = harness();
      const result = await update({ id: fixture.readOnly.id, ...fixture.rename });
      expect(result).toEqual(
        fixture.readOnly.refusedAs === 'WorkspaceNotFoundError'
          ? { __typename: 'WorkspaceNotFoundError', message: expect.any(String), id: fixture.readOnly.id }
          : { __typename: 'WorkspacePermissionDeniedError', message: expect.any(String), provider: enumValue },
      );
      expect(calls(emulator)).toEqual([`${fixture.updateMethod} ${fixture.readOnly.path}`]);
    });

    it('WorkspaceRateLimitedError for a 429, retryAfterSeconds from Retry-After in seconds', async () => {
      const result = await updateWithFault({
        status: 429,
        body: fixture.rateLimit.body,
        headers: { 'Retry-After': '7' },
      });
      expect(result).toEqual({
        __typename: 'WorkspaceRateLimitedError',
        message: expect.any(String),
        provider: enumValue,
        retryAfterSeconds: 7,
      });
    });

    it('WorkspaceRateLimitedError for a 429, Retry-After as an HTTP date', async () => {
      const retryAt = new Date(Date.now() + 120_000).toUTCString();
      const result = await updateWithFault({
        status: 429,
        body: fixture.rateLimit.body,
        headers: { 'Retry-After': retryAt },
      });
      expect(result.__typename).toBe('WorkspaceRateLimitedError');
      expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(110);
      expect(result.retryAfterSeconds).toBeLessThanOrEqual(121);
    });

    it('WorkspaceRateLimitedError without Retry-After: retryAfterSeconds null', async () => {
      const result = await updateWithFault({ status: 429, body: fixture.rateLimit.body });
      expect(result).toMatchObject({
        __typename: 'WorkspaceRateLimitedError',
        provider: enumValue,
        retryAfterSeconds: null,
      });
    });

    it("WorkspaceProviderError for a 500 in the provider's envelope: status, its code, not retryable", async () => {
      const { body, code } = fixture.serverError();
      const result = await updateWithFault({ status: 500, body });
      expect(harness().emulator.requests).toHaveLength(1);
      expect(result).toEqual({
        __typename: 'WorkspaceProviderError',
        message: expect.any(String),
        provider: enumValue,
        status: 500,
        code,
        retryable: false,
      });
    });

    it.each([502, 503, 504])('WorkspaceProviderError for a %i: retryable', async (status) => {
      const result = await updateWithFault({ status, body: fixture.serverError().body });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        provider: enumValue,
        status,
        retryable: true,
      });
    });

    it('WorkspaceProviderError for a 200 that is not JSON', async () => {
      const result = await updateWithFault({ kind: 'malformed-json' });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        provider: enumValue,
        status: 200,
        retryable: false,
      });
    });

    it('WorkspaceProviderError for a 200 JSON body of the wrong shape', async () => {
      const result = await updateWithFault({ kind: 'wrong-shape' });
      expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', provider: enumValue, status: 200 });
    });

    it("WorkspaceProviderError for a 200 in the provider's envelope but without the workspace name", async () => {
      const result = await updateWithFault({ status: 200, body: fixture.bodyWithoutName });
      expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', provider: enumValue, status: 200 });
    });

    it('WorkspaceProviderError, retryable, when the connection is reset without an answer', async () => {
      const result = await updateWithFault({ kind: 'reset' });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        provider: enumValue,
        status: null,
        retryable: true,
      });
    });
  });

  // -------------------------------------------------------------------------------------------
  // Each provider's own answers: validation envelopes, unique names, documented codes
  // -------------------------------------------------------------------------------------------

  /** A fixture's cases, titled by their provider. */
  const casesOf = (pick: (cases: ProviderFixture['cases']) => AnswerCase[]) =>
    ALL_FIXTURES.flatMap((fixture) =>
      pick(fixture.cases).map((testCase) => ({ ...testCase, fixture, title: `${fixture.label}: ${testCase.title}` })),
    );

  /** Runs one update against the provider's answer (`fault`, or the emulator's own); checks the result. */
  async function answerTo({ fixture, input, fault, expected, exact }: AnswerCase & { fixture: ProviderFixture }) {
    const { emulator, update } = harness();
    if (fault) emulator.injectFault(fixture.provider, fault);
    const result = await update(input);
    if (exact) expect(result).toEqual(expected);
    else expect(result).toMatchObject(expected);
    return { result, emulator };
  }

  /** These are the provider's answers: the request did go out, once, to it. */
  function expectOneCall(emulator: ReturnType<typeof harness>['emulator'], fixture: ProviderFixture): void {
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.provider).toBe(fixture.provider);
  }

  describe('WorkspaceValidationError from the provider', () => {
    it.each(casesOf((c) => c.validation))('$title', async (testCase) => {
      const { result, emulator } = await answerTo(testCase);
      expectOneCall(emulator, testCase.fixture);
      expect(result.__typename).toBe('WorkspaceValidationError');
      expect(result.fieldErrors?.length).toBeGreaterThan(0);
      for (const error of result.fieldErrors ?? []) expect(error.path[0]).toBe('input');
    });

    it.each(ALL_FIXTURES)("$label: its validation answer, '<label> refused the input: <what it said>'", async (f) => {
      const { emulator, update } = harness();
      const said = 'The value is not acceptable here.';
      const { status, body } = f.invalid(said);
      emulator.injectFault(f.provider, { status, body });
      const result = await update({ id: f.writable.id, ...f.rename });
      expect(result).toMatchObject({
        __typename: 'WorkspaceValidationError',
        message: `${f.label} refused the input: ${said}`,
      });
      expectOneCall(emulator, f);
    });
  });

  describe('WorkspaceConflictError', () => {
    it.each(casesOf((c) => c.conflicts))('$title', async (testCase) => {
      const { result, emulator } = await answerTo(testCase);
      expectOneCall(emulator, testCase.fixture);
      expect(result.__typename).toBe('WorkspaceConflictError');
    });

    it.each(ALL_FIXTURES)('$label: its conflict answer, on the name, repeating what it said', async (f) => {
      const { emulator, update } = harness();
      const said = 'This name is already used.';
      const { status, body } = f.conflict(said);
      emulator.injectFault(f.provider, { status, body });
      const result = await update({ id: f.writable.id, ...f.change(1) });
      expect(result).toMatchObject({ __typename: 'WorkspaceConflictError', field: 'name' });
      expect(result.message).toContain(said);
      expectOneCall(emulator, f);
    });

    it.each(casesOf((c) => c.notConflicts))('$title', async (testCase) => {
      await answerTo(testCase);
    });
  });

  describe('other documented answers', () => {
    it.each(casesOf((c) => c.otherAnswers))('$title', async (testCase) => {
      await answerTo(testCase);
    });
  });
});
