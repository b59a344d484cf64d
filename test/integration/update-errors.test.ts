// Every error member of UpdateWorkspaceResult that a provider's answer can produce, for each
// provider: not found, permission denied, rate limited, provider failures and unusable bodies
// (uniform across providers), then the provider-specific validation and conflict answers.
// Wrong credentials and unreachable providers need their own stacks: update-misconfigured.test.ts.
import { describe, expect, it } from 'vitest';
import { terraformRateLimitFault, type Fault } from '../../src/emulator';
import {
  ALL_FIXTURES,
  calls,
  FIXTURES,
  FLASHBACK_DEV_ID,
  FLASHBACK_STAGING_ID,
  TERRAFORM_BILLING_ID,
  TERRAFORM_NETWORK_ID,
  useHarness,
  type Provider,
  type UpdateInput,
  type UpdateResult,
} from './helpers';

describe('updateWorkspace error results', () => {
  const harness = useHarness();

  describe.each(ALL_FIXTURES)('$enumValue', (fixture) => {
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
      const result = await update({ id: fixture.unknownId, ...fixture.rename });
      expect(result).toEqual({
        __typename: 'WorkspaceNotFoundError',
        message: expect.any(String),
        id: fixture.unknownId,
      });
      expect(emulator.requests).toHaveLength(1);
      expect(emulator.requests[0]?.method).toBe(fixture.updateMethod);
    });

    it('WorkspacePermissionDeniedError for the read-only seed (403; HCP Terraform: its 404)', async () => {
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
        body: fixture.rateLimitBody,
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
        body: fixture.rateLimitBody,
        headers: { 'Retry-After': retryAt },
      });
      expect(result.__typename).toBe('WorkspaceRateLimitedError');
      expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(110);
      expect(result.retryAfterSeconds).toBeLessThanOrEqual(121);
    });

    it('WorkspaceRateLimitedError without Retry-After: retryAfterSeconds null', async () => {
      const result = await updateWithFault({ status: 429, body: fixture.rateLimitBody });
      expect(result).toMatchObject({
        __typename: 'WorkspaceRateLimitedError',
        provider: enumValue,
        retryAfterSeconds: null,
      });
    });

    it("WorkspaceProviderError for a 500 in the provider's envelope: status, its code, not retryable", async () => {
      const result = await updateWithFault({ status: 500, body: fixture.serverError.body });
      expect(harness().emulator.requests).toHaveLength(1);
      expect(result).toEqual({
        __typename: 'WorkspaceProviderError',
        message: expect.any(String),
        provider: enumValue,
        status: 500,
        code: fixture.serverError.code,
        retryable: false,
      });
    });

    it.each([502, 503, 504])('WorkspaceProviderError for a %i: retryable', async (status) => {
      const result = await updateWithFault({ status, body: fixture.serverError.body });
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
  // Provider-specific answers: validation envelopes, unique names, documented codes
  // -------------------------------------------------------------------------------------------

  interface ProviderCase {
    provider: Provider;
    title: string;
    input: UpdateInput;
    /** Omitted: the emulator's natural answer. */
    fault?: Fault;
    expected: Partial<UpdateResult>;
  }

  const validation = (fieldErrors: { path: string[]; code: string }[]): Partial<UpdateResult> => ({
    __typename: 'WorkspaceValidationError',
    message: expect.any(String),
    fieldErrors: fieldErrors.map((e) => ({ ...e, message: expect.any(String) })),
  });

  const VALIDATION_CASES: ProviderCase[] = [
    {
      provider: 'blaxel',
      title: 'a 400 (no documented body): validation on the input',
      input: { id: 'blaxel:my-workspace', region: 'mars-north-1' },
      fault: { status: 400, body: { error: 'bad_request', message: "'region' is not a known region" } },
      expected: { __typename: 'WorkspaceValidationError', message: expect.stringContaining('region') },
    },
    {
      provider: 'dreadnode',
      title: '422 with loc ["body","is_active"] -> path ["input","isActive"]',
      input: { id: 'dreadnode:acme/research', isActive: true },
      fault: {
        status: 422,
        body: {
          code: 422,
          detail: 'Validation error',
          type: 'validation_error',
          errors: [{ loc: ['body', 'is_active'], msg: 'Input should be a valid boolean', type: 'bool_type' }],
        },
      },
      expected: validation([{ path: ['input', 'isActive'], code: 'INVALID' }]),
    },
    {
      provider: 'dreadnode',
      title: '422 string_too_long on name -> TOO_LONG on ["input","name"]',
      input: { id: 'dreadnode:acme/research', name: 'x'.repeat(300) },
      fault: {
        status: 422,
        body: {
          code: 422,
          detail: 'Validation error',
          type: 'validation_error',
          errors: [
            { loc: ['body', 'name'], msg: 'String should have at most 255 characters', type: 'string_too_long' },
          ],
        },
      },
      expected: validation([{ path: ['input', 'name'], code: 'TOO_LONG' }]),
    },
    {
      provider: 'flashback',
      title: 'a 422 with {success:false, message}',
      input: { id: `flashback:${FLASHBACK_DEV_ID}`, name: 'Some name' },
      fault: { status: 422, body: { success: false, message: 'Invalid workspace data' } },
      expected: { __typename: 'WorkspaceValidationError', message: expect.any(String) },
    },
    {
      provider: 'vertra',
      title: 'TAG_TOO_LONG -> TOO_LONG under ["input","tags",...]',
      input: { id: 'vertra:org123', tags: ['fine', 'also-fine'] },
      fault: { status: 400, body: { code: 'TAG_TOO_LONG' } },
      expected: {
        __typename: 'WorkspaceValidationError',
        fieldErrors: [
          { path: expect.arrayContaining(['input', 'tags']), code: 'TOO_LONG', message: expect.any(String) },
        ],
      },
    },
    {
      provider: 'vertra',
      title: 'NAME_TOO_LONG -> TOO_LONG on ["input","name"]',
      input: { id: 'vertra:org123', name: 'short' },
      fault: { status: 400, body: { code: 'NAME_TOO_LONG', message: 'The provided name exceeds 50 characters.' } },
      expected: validation([{ path: ['input', 'name'], code: 'TOO_LONG' }]),
    },
    {
      provider: 'vertra',
      title: 'DESCRIPTION_MUST_BE_A_STRING, whatever the status -> INVALID on ["input","description"]',
      input: { id: 'vertra:org123', description: 'text' },
      fault: { status: 500, body: { code: 'DESCRIPTION_MUST_BE_A_STRING' } },
      expected: validation([{ path: ['input', 'description'], code: 'INVALID' }]),
    },
    {
      provider: 'altostrat',
      title: '400 parameter_invalid naming the name -> TOO_LONG on ["input","name"]',
      input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'ACME' },
      fault: {
        status: 400,
        body: {
          type: 'invalid_request_error',
          code: 'parameter_invalid',
          message: "The 'name' parameter cannot exceed 50 characters.",
          doc_url: 'https://docs.altostrat.io/errors/parameter_invalid',
        },
      },
      expected: validation([{ path: ['input', 'name'], code: 'TOO_LONG' }]),
    },
    {
      provider: 'altostrat',
      title: '400 parameter_invalid naming the description -> INVALID on ["input","description"]',
      input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', description: 'text' },
      fault: {
        status: 400,
        body: {
          type: 'invalid_request_error',
          code: 'parameter_invalid',
          message: "The 'description' parameter must be a string.",
          doc_url: 'https://docs.altostrat.io/errors/parameter_invalid',
        },
      },
      expected: validation([{ path: ['input', 'description'], code: 'INVALID' }]),
    },
    {
      provider: 'terraform',
      title: "its 422 for a terraform-version that is no version -> INVALID on ['input','terraformVersion']",
      input: { id: `terraform:${TERRAFORM_BILLING_ID}`, terraformVersion: 'latest' },
      expected: validation([{ path: ['input', 'terraformVersion'], code: 'INVALID' }]),
    },
    {
      provider: 'terraform',
      title: 'its 422 for agent execution without an agent pool (a pointer at no input field) -> ["input"]',
      input: { id: `terraform:${TERRAFORM_BILLING_ID}`, executionMode: 'AGENT' },
      expected: validation([{ path: ['input'], code: 'INVALID' }]),
    },
    {
      provider: 'terraform',
      title: 'a 422 with one error object per problem, with and without a pointer',
      input: { id: `terraform:${TERRAFORM_BILLING_ID}`, workingDirectory: 'envs/prod', autoApply: true },
      fault: {
        status: 422,
        body: {
          errors: [
            {
              status: '422',
              title: 'invalid attribute',
              detail: 'Working directory must be a relative path',
              source: { pointer: '/data/attributes/working-directory' },
            },
            { status: 422, title: 'invalid attribute', detail: 'Auto apply is not allowed here' },
          ],
        },
      },
      expected: validation([
        { path: ['input', 'workingDirectory'], code: 'INVALID' },
        { path: ['input'], code: 'INVALID' },
      ]),
    },
  ];

  const conflict = (field: string): Partial<UpdateResult> => ({
    __typename: 'WorkspaceConflictError',
    message: expect.any(String),
    field,
  });

  const CONFLICT_CASES: ProviderCase[] = [
    {
      provider: 'blaxel',
      title: 'renaming onto an existing workspace name',
      input: { id: 'blaxel:my-workspace', name: 'staging' },
      expected: conflict('name'),
    },
    {
      provider: 'dreadnode',
      title: 'changing the key to one the organization already has',
      input: { id: 'dreadnode:acme/research', key: 'platform' },
      expected: conflict('key'),
    },
    {
      provider: 'flashback',
      title: 'a name already used in the organization',
      input: { id: `flashback:${FLASHBACK_DEV_ID}`, name: 'Staging Workspace' },
      expected: conflict('name'),
    },
    {
      provider: 'vertra',
      title: 'a name already used (ORGANIZATION_NAME_ALREADY_EXISTS)',
      input: { id: 'vertra:org123', name: 'analytics' },
      expected: conflict('name'),
    },
    {
      provider: 'vertra',
      title: 'ORGANIZATION_NAME_ALREADY_EXISTS with a 400: the code wins over the status',
      input: { id: 'vertra:org123', name: 'fresh-name' },
      fault: { status: 400, body: { code: 'ORGANIZATION_NAME_ALREADY_EXISTS', message: 'Name taken.' } },
      expected: conflict('name'),
    },
    {
      provider: 'altostrat',
      title: 'an injected 409 (no unique names documented)',
      input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'Globex Labs' },
      fault: {
        status: 409,
        body: { type: 'invalid_request_error', code: 'resource_conflict', message: 'Conflict.', doc_url: 'x' },
      },
      expected: conflict('name'),
    },
    {
      provider: 'terraform',
      title: 'its 422 "Name has already been taken" (a name the organization has)',
      input: { id: `terraform:${TERRAFORM_BILLING_ID}`, name: 'legacy-network' },
      expected: conflict('name'),
    },
  ];

  async function runCase({ provider, input, fault, expected }: ProviderCase): Promise<UpdateResult> {
    const { emulator, update } = harness();
    if (fault) emulator.injectFault(provider, fault);
    const result = await update(input);
    expect(result).toMatchObject(expected);
    // These are the provider's answers: the request did go out, once.
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.provider).toBe(provider);
    return result;
  }

  describe('WorkspaceValidationError from the provider', () => {
    it.each(VALIDATION_CASES)('$provider: $title', async (testCase) => {
      const result = await runCase(testCase);
      expect(result.fieldErrors?.length).toBeGreaterThan(0);
      for (const error of result.fieldErrors ?? []) expect(error.path[0]).toBe('input');
    });
  });

  describe('WorkspaceConflictError', () => {
    it.each(CONFLICT_CASES)('$provider: $title', async (testCase) => {
      await runCase(testCase);
    });

    it('flashback: the same name in another organization is not a conflict', async () => {
      const { update } = harness();
      const result = await update({ id: `flashback:${FLASHBACK_STAGING_ID}`, name: 'Finance Workspace' });
      expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    });

    it('terraform: the same name in another organization is not a conflict, and the id stays', async () => {
      const { update } = harness();
      const result = await update({ id: `terraform:${TERRAFORM_NETWORK_ID}`, name: 'billing-prod' });
      expect(result).toMatchObject({
        __typename: 'UpdateWorkspaceSuccess',
        workspace: { id: `terraform:${TERRAFORM_NETWORK_ID}`, name: 'billing-prod' },
      });
    });
  });

  describe('other documented statuses', () => {
    it('dreadnode: 426 Upgrade required is a WorkspaceProviderError with its type as code', async () => {
      const { emulator, update } = harness();
      emulator.injectFault('dreadnode', {
        status: 426,
        body: { code: 426, detail: 'Upgrade required', type: 'upgrade_required' },
      });
      const result = await update({ id: FIXTURES.dreadnode.writable.id, name: 'x' });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        provider: 'DREADNODE',
        status: 426,
        code: 'upgrade_required',
        retryable: false,
      });
    });

    it('terraform: a 404 says the workspace is not found, or not visible with these credentials', async () => {
      const { update } = harness();
      const result = await update({ id: FIXTURES.terraform.unknownId, name: 'x' });
      expect(result).toEqual({
        __typename: 'WorkspaceNotFoundError',
        id: FIXTURES.terraform.unknownId,
        message: expect.stringContaining('not found, or not visible with these credentials'),
      });
    });

    it('terraform: a 429 without Retry-After takes X-RateLimit-Reset, in seconds rounded up', async () => {
      const { emulator, update } = harness();
      emulator.injectFault('terraform', terraformRateLimitFault({ resetSeconds: 2.25, times: Infinity }));
      const result = await update({ id: FIXTURES.terraform.writable.id, name: 'x' });
      expect(result).toMatchObject({
        __typename: 'WorkspaceRateLimitedError',
        provider: 'TERRAFORM',
        retryAfterSeconds: 3,
      });
    });

    it('terraform: Retry-After wins over X-RateLimit-Reset', async () => {
      const { emulator, update } = harness();
      emulator.injectFault(
        'terraform',
        terraformRateLimitFault({ resetSeconds: 30, retryAfterSeconds: 9, times: Infinity }),
      );
      const result = await update({ id: FIXTURES.terraform.writable.id, name: 'x' });
      expect(result).toMatchObject({ __typename: 'WorkspaceRateLimitedError', retryAfterSeconds: 9 });
    });

    it("terraform: a 503's code is its error object's code, else its title", async () => {
      const { emulator, update } = harness();
      emulator.injectFault('terraform', {
        status: 503,
        times: Infinity,
        body: { errors: [{ status: '503', title: 'service unavailable', code: 'maintenance' }] },
      });
      const result = await update({ id: FIXTURES.terraform.writable.id, name: 'x' });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        provider: 'TERRAFORM',
        status: 503,
        code: 'maintenance',
        retryable: true,
      });
    });

    it('vertra: code UNAUTHORIZED is an authentication error whatever the status', async () => {
      const { emulator, update } = harness();
      emulator.injectFault('vertra', { status: 400, body: { code: 'UNAUTHORIZED' } });
      const result = await update({ id: FIXTURES.vertra.writable.id, name: 'x' });
      expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: 'VERTRA' });
    });
  });
});
