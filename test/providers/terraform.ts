// HCP Terraform, for the shared suites (src/providers/terraform/CONTRACT.md): a JSON:API document
// under kebab-case names, PATCH (never retried); the `ws-` id is the reference, so a rename keeps
// it; a name is 1-90 letters, digits, - and _; its 404 also stands for "may not change"; a 429 may
// say when to retry in X-RateLimit-Reset only.
import { expect } from 'vitest';
import { terraformRateLimitFault } from '../../src/emulator';
import { terraformContract } from '../../src/providers/terraform/contract';
import type { ProviderFixture } from './fixture';

const BILLING_ID = 'ws-KTuq99JSzgmDSvYj';
const NETWORK_ID = 'ws-2ZcQfxgJ8uN4rW7d';
const LEGACY_ID = 'ws-Lk9pR3vT6yB1mXq5';

const resource = { id: BILLING_ID, type: 'workspaces', attributes: { name: 'billing-prod' } };
const withData = (change: Record<string, unknown>) => ({ data: { ...resource, ...change } });
const validation = (fieldErrors: { path: string[]; code: string }[]) => ({
  __typename: 'WorkspaceValidationError',
  message: expect.any(String),
  fieldErrors: fieldErrors.map((e) => ({ ...e, message: expect.any(String) })),
});
const errors = (...objects: Record<string, unknown>[]) => ({ errors: objects });
const invalidName = (name: string) => ({
  title: `refuses the name ${JSON.stringify(name)} as INVALID`,
  patch: { name },
  errors: [{ path: ['input', 'name'], code: 'INVALID', message: expect.any(String) }],
});

export const terraform = {
  provider: 'terraform',
  label: 'HCP Terraform',
  enumValue: 'TERRAFORM',
  tokenHeader: 'x-terraform-token',
  detailsType: 'TerraformWorkspaceDetails',
  contract: terraformContract,

  updateMethod: 'PATCH',
  mediaType: 'application/vnd.api+json',
  pathOf: (reference) => `/workspaces/${reference}`,

  writable: { id: `terraform:${BILLING_ID}`, path: `/workspaces/${BILLING_ID}`, name: 'billing-prod' },
  otherWritable: { id: `terraform:${NETWORK_ID}`, path: `/workspaces/${NETWORK_ID}`, name: 'network-core' },
  // Locked, and the token may read it but not administer it: HCP Terraform answers 404.
  readOnly: {
    id: `terraform:${LEGACY_ID}`,
    path: `/workspaces/${LEGACY_ID}`,
    name: 'legacy-network',
    refusedAs: 'WorkspaceNotFoundError',
  },
  unknown: { id: 'terraform:ws-0000000000000000', path: '/workspaces/ws-0000000000000000' },

  rename: { name: 'billing-production' },
  change: (n) => ({ name: `change-${n}` }),
  samples: { autoApply: true, executionMode: 'AGENT', terraformVersion: '~> 1.9.0', workingDirectory: 'envs/prod' },
  fields: ['name', 'description', 'autoApply', 'executionMode', 'terraformVersion', 'workingDirectory'],
  nullable: [],
  limits: [{ field: 'name', max: 90 }],

  serverError: (text = 'Something broke') => ({
    body: errors({ status: '500', title: 'internal server error', detail: text }),
    code: 'internal server error',
  }),
  // Its 429 as documented, whose status is a number.
  rateLimit: {
    body: errors({ detail: "You have exceeded the API's rate limit.", status: 429, title: 'Too many requests' }),
    says: "You have exceeded the API's rate limit.",
  },
  documented4xx: (said) => [
    { status: 403, body: errors({ status: '403', title: 'forbidden', detail: said }) },
    {
      status: 422,
      body: errors({ status: '422', title: 'invalid', detail: said, source: { pointer: '/data/attributes/name' } }),
    },
  ],
  invalid: (said) => ({ status: 422, body: errors({ status: '422', title: 'invalid attribute', detail: said }) }),
  conflict: (said) => ({
    status: 409,
    body: errors({ status: '409', title: 'conflict', detail: said, source: { pointer: '/data/attributes/name' } }),
  }),
  tokenEchoes: (said) => [
    { status: 401, body: errors({ status: '401', title: 'unauthorized', detail: said }) },
    { status: 500, body: errors({ status: 500, title: said }) },
    {
      status: 422,
      body: errors({
        status: '422',
        title: 'invalid attribute',
        detail: said,
        source: { pointer: '/data/attributes/name' },
      }),
    },
    { status: 429, body: errors({ status: 429, title: 'Too many requests', detail: said }) },
  ],
  minimalBody: { data: resource },
  bodyWithoutName: {
    data: { id: BILLING_ID, type: 'workspaces', attributes: { 'auto-apply': true, locked: false } },
  },
  unusableBodies: [
    { title: 'no data.id', body: withData({ id: undefined }) },
    { title: 'no data.attributes.name', body: withData({ attributes: { locked: false } }) },
    { title: 'a document of another type', body: withData({ type: 'projects' }) },
    { title: 'the resource without its document', body: resource },
    {
      title: 'a created-at that is not a date',
      body: withData({ attributes: { name: 'billing-prod', 'created-at': 'yesterday' } }),
    },
    { title: 'data as an array', body: { data: [resource] } },
  ],

  cases: {
    success: [
      {
        title: 'every field, PATCH with a JSON:API document under kebab-case names; a rename keeps the id',
        input: {
          id: `terraform:${BILLING_ID}`,
          name: 'billing-production',
          description: 'Billing service, production (EU)',
          autoApply: false,
          executionMode: 'LOCAL',
          terraformVersion: '~> 1.9.0',
          workingDirectory: 'envs/production',
        },
        body: {
          data: {
            type: 'workspaces',
            attributes: {
              name: 'billing-production',
              description: 'Billing service, production (EU)',
              'auto-apply': false,
              'execution-mode': 'local',
              'terraform-version': '~> 1.9.0',
              'working-directory': 'envs/production',
            },
          },
        },
        workspace: {
          id: `terraform:${BILLING_ID}`,
          provider: 'TERRAFORM',
          providerId: BILLING_ID,
          name: 'billing-production',
          displayName: null,
          description: 'Billing service, production (EU)',
          createdAt: '2021-08-16T21:50:58.726Z',
          details: {
            __typename: 'TerraformWorkspaceDetails',
            organization: 'my-organization',
            executionMode: 'LOCAL',
            autoApply: false,
            terraformVersion: '~> 1.9.0',
            workingDirectory: 'envs/production',
            locked: false,
            resourceCount: 10,
            environment: 'default',
            projectId: 'prj-jT92VLSFpv8FwKtc',
          },
        },
      },
      {
        title: 'one field, only it is sent',
        input: { id: `terraform:${NETWORK_ID}`, autoApply: true },
        body: { data: { type: 'workspaces', attributes: { 'auto-apply': true } } },
        workspace: {
          id: `terraform:${NETWORK_ID}`,
          provider: 'TERRAFORM',
          providerId: NETWORK_ID,
          name: 'network-core',
          displayName: null,
          description: null,
          createdAt: '2023-02-14T10:05:12.331Z',
          details: {
            __typename: 'TerraformWorkspaceDetails',
            organization: 'globex-corp',
            executionMode: 'AGENT',
            autoApply: true,
            terraformVersion: '~> 1.8.0',
            workingDirectory: '',
            locked: false,
            resourceCount: 42,
            environment: 'default',
            projectId: 'prj-Hq4vN8sLm2XwTz6R',
          },
        },
      },
    ],
    refused: [
      {
        title: 'a name of 91 characters',
        input: { id: `terraform:${BILLING_ID}`, name: 'n'.repeat(91) },
        errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
      },
      {
        title: 'a name with a space',
        input: { id: `terraform:${BILLING_ID}`, name: 'billing prod' },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
      {
        title: 'a name with a dot',
        input: { id: `terraform:${BILLING_ID}`, name: 'billing.prod' },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
      {
        title: 'an empty name',
        input: { id: `terraform:${BILLING_ID}`, name: '' },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
      {
        title: 'null for every field',
        input: {
          id: `terraform:${BILLING_ID}`,
          name: null,
          description: null,
          autoApply: null,
          executionMode: null,
          terraformVersion: null,
          workingDirectory: null,
        },
        errors: [
          { path: ['input', 'name'], code: 'INVALID' },
          { path: ['input', 'description'], code: 'INVALID' },
          { path: ['input', 'autoApply'], code: 'INVALID' },
          { path: ['input', 'executionMode'], code: 'INVALID' },
          { path: ['input', 'terraformVersion'], code: 'INVALID' },
          { path: ['input', 'workingDirectory'], code: 'INVALID' },
        ],
      },
    ],
    accepted: [
      {
        title: 'a name of exactly 90 characters goes through',
        input: { id: `terraform:${BILLING_ID}`, name: `${'a'.repeat(45)}-${'B'.repeat(42)}_9` },
        expected: {
          __typename: 'UpdateWorkspaceSuccess',
          workspace: { name: `${'a'.repeat(45)}-${'B'.repeat(42)}_9` },
        },
      },
    ],
    validation: [
      {
        title: "its 422 for a terraform-version that is no version -> INVALID on ['input','terraformVersion']",
        input: { id: `terraform:${BILLING_ID}`, terraformVersion: 'latest' },
        expected: validation([{ path: ['input', 'terraformVersion'], code: 'INVALID' }]),
      },
      {
        title: 'its 422 for agent execution without an agent pool (a pointer at no input field) -> ["input"]',
        input: { id: `terraform:${BILLING_ID}`, executionMode: 'AGENT' },
        expected: validation([{ path: ['input'], code: 'INVALID' }]),
      },
      {
        title: 'a 422 with one error object per problem, with and without a pointer',
        input: { id: `terraform:${BILLING_ID}`, workingDirectory: 'envs/prod', autoApply: true },
        fault: {
          status: 422,
          body: errors(
            {
              status: '422',
              title: 'invalid attribute',
              detail: 'Working directory must be a relative path',
              source: { pointer: '/data/attributes/working-directory' },
            },
            { status: 422, title: 'invalid attribute', detail: 'Auto apply is not allowed here' },
          ),
        },
        expected: validation([
          { path: ['input', 'workingDirectory'], code: 'INVALID' },
          { path: ['input'], code: 'INVALID' },
        ]),
      },
    ],
    conflicts: [
      {
        title: 'its 422 "Name has already been taken" (a name the organization has)',
        input: { id: `terraform:${BILLING_ID}`, name: 'legacy-network' },
        expected: { __typename: 'WorkspaceConflictError', message: expect.any(String), field: 'name' },
      },
    ],
    notConflicts: [
      {
        title: 'the same name in another organization is not a conflict, and the id stays',
        input: { id: `terraform:${NETWORK_ID}`, name: 'billing-prod' },
        expected: {
          __typename: 'UpdateWorkspaceSuccess',
          workspace: { id: `terraform:${NETWORK_ID}`, name: 'billing-prod' },
        },
      },
    ],
    otherAnswers: [
      {
        title: 'a 404 says the workspace is not found, or not visible with these credentials',
        input: { id: 'terraform:ws-0000000000000000', name: 'x' },
        expected: {
          __typename: 'WorkspaceNotFoundError',
          id: 'terraform:ws-0000000000000000',
          message: expect.stringContaining('not found, or not visible with these credentials'),
        },
        exact: true,
      },
      {
        title: 'a 429 without Retry-After takes X-RateLimit-Reset, in seconds rounded up',
        input: { id: `terraform:${BILLING_ID}`, name: 'x' },
        fault: terraformRateLimitFault({ resetSeconds: 2.25, times: Infinity }),
        expected: { __typename: 'WorkspaceRateLimitedError', provider: 'TERRAFORM', retryAfterSeconds: 3 },
      },
      {
        title: 'Retry-After wins over X-RateLimit-Reset',
        input: { id: `terraform:${BILLING_ID}`, name: 'x' },
        fault: terraformRateLimitFault({ resetSeconds: 30, retryAfterSeconds: 9, times: Infinity }),
        expected: { __typename: 'WorkspaceRateLimitedError', retryAfterSeconds: 9 },
      },
      {
        title: "a 503's code is its error object's code, else its title",
        input: { id: `terraform:${BILLING_ID}`, name: 'x' },
        fault: {
          status: 503,
          times: Infinity,
          body: errors({ status: '503', title: 'service unavailable', code: 'maintenance' }),
        },
        expected: {
          __typename: 'WorkspaceProviderError',
          provider: 'TERRAFORM',
          status: 503,
          code: 'maintenance',
          retryable: true,
        },
      },
    ],
    reads: [
      {
        title: 'details from attributes and relationships',
        id: `terraform:${LEGACY_ID}`,
        expected: {
          id: `terraform:${LEGACY_ID}`,
          provider: 'TERRAFORM',
          providerId: LEGACY_ID,
          name: 'legacy-network',
          description: 'Pre-2022 network stack, kept for reference',
          createdAt: '2019-06-03T08:12:44.018Z',
          updatedAt: '2022-01-10T12:00:00.000Z',
          details: {
            __typename: 'TerraformWorkspaceDetails',
            organization: 'my-organization',
            executionMode: 'LOCAL',
            autoApply: false,
            terraformVersion: '0.14.11',
            workingDirectory: null,
            locked: true,
            resourceCount: 0,
            environment: 'default',
            projectId: 'prj-jT92VLSFpv8FwKtc',
          },
        },
      },
    ],
    bodies: [],
    renames: [
      {
        title: 'the ws- id is the reference, not the name (which its name-based URL would change)',
        input: { id: `terraform:${BILLING_ID}`, name: 'billing-production' },
        id: `terraform:${BILLING_ID}`,
        workspace: { name: 'billing-production' },
        body: { data: { type: 'workspaces', attributes: { name: 'billing-production' } } },
      },
    ],
    patches: [
      ...['billing-prod', 'Billing_Prod_2', 'a', '0'].map((name) => ({
        title: `accepts the name ${JSON.stringify(name)}`,
        patch: { name },
        errors: [],
      })),
      ...['', 'billing prod', 'billing.prod', 'naïve', 'a/b', 'ws:1', '   '].map(invalidName),
      {
        title: 'has no limit on the other fields (the document states none)',
        patch: { description: 'd'.repeat(5000), workingDirectory: 'w'.repeat(500) },
        errors: [],
      },
    ],
    scrubbed: [],
  },
} satisfies ProviderFixture<'terraform'>;
