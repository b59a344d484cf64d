// Dreadnode, for the shared suites (src/providers/dreadnode/CONTRACT.md): its reference is
// `<org slug>/<ws slug>` and the ws slug is the `key`, so a new key changes the id; its 422 names
// the field (`loc`), Pydantic-style.
import { expect } from 'vitest';
import { dreadnodeContract } from '../../src/providers/dreadnode/contract';
import type { ProviderFixture } from './fixture';

const WORKSPACE_ID = '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c';
const ACME_ORG_ID = '5b0c9a6e-2f4d-4c1b-9e7a-3d8f1a2b4c6d';

const minimalBody = {
  id: WORKSPACE_ID,
  name: 'Research',
  key: 'research',
  is_active: true,
  is_default: true,
  org_id: ACME_ORG_ID,
  created_at: '2026-04-15T12:00:00Z',
};
const validation = (fieldErrors: { path: string[]; code: string }[]) => ({
  __typename: 'WorkspaceValidationError',
  message: expect.any(String),
  fieldErrors: fieldErrors.map((e) => ({ ...e, message: expect.any(String) })),
});
const invalidKey = (key: string) => ({
  title: `refuses the key ${JSON.stringify(key)}: not a safe reference`,
  patch: { key },
  errors: [{ path: ['input', 'key'], code: 'INVALID', message: expect.any(String) }],
});

export const dreadnode = {
  provider: 'dreadnode',
  label: 'Dreadnode',
  enumValue: 'DREADNODE',
  tokenHeader: 'x-dreadnode-token',
  detailsType: 'DreadnodeWorkspaceDetails',
  contract: dreadnodeContract,

  updateMethod: 'PUT',
  pathOf: (reference) => {
    const [org, ws] = reference.split('/');
    return `/org/${org}/ws/${ws}`;
  },

  writable: { id: 'dreadnode:acme/research', path: '/org/acme/ws/research', name: 'Research' },
  otherWritable: { id: 'dreadnode:acme/platform', path: '/org/acme/ws/platform', name: 'Platform' },
  readOnly: { id: 'dreadnode:acme/archive', path: '/org/acme/ws/archive', name: 'Archive' },
  unknown: { id: 'dreadnode:acme/no-such-ws', path: '/org/acme/ws/no-such-ws' },

  rename: { name: 'Research Lab' },
  change: (n) => ({ name: `Change ${n}` }),
  samples: { key: 'research', isActive: false },
  fields: ['name', 'description', 'key', 'isActive'],
  nullable: [],
  limits: [],

  serverError: (text = 'Internal server error') => ({
    body: { code: 500, detail: text, type: 'internal_error' },
    code: 'internal_error',
  }),
  rateLimit: { body: { code: 429, detail: 'Rate limited', type: 'rate_limited' }, says: 'Rate limited' },
  documented4xx: (said) => [
    { status: 403, body: { code: 403, detail: said, type: 'permission_error' } },
    {
      status: 422,
      body: { code: 422, detail: said, type: 'validation_error', errors: [{ loc: ['body', 'name'], msg: said }] },
    },
  ],
  invalid: (said) => ({ status: 422, body: { code: 422, detail: said, type: 'validation_error' } }),
  conflict: (said) => ({ status: 409, body: { code: 409, detail: `name: ${said}`, type: 'conflict' } }),
  tokenEchoes: (said) => [
    { status: 401, body: { code: 401, detail: said, type: 'authentication_error' } },
    { status: 500, body: { code: 500, detail: said, type: 'internal_error' } },
    {
      status: 422,
      body: { code: 422, detail: said, type: 'validation_error', errors: [{ loc: ['body', 'name'], msg: said }] },
    },
  ],
  minimalBody,
  bodyWithoutName: { id: WORKSPACE_ID, key: 'research', is_active: true, is_default: true, org_id: ACME_ORG_ID },
  unusableBodies: [
    { title: 'no id', body: Object.fromEntries(Object.entries(minimalBody).filter(([k]) => k !== 'id')) },
    { title: 'a name of the wrong type', body: { ...minimalBody, name: 42 } },
    { title: 'an updated_at that is not a date', body: { ...minimalBody, updated_at: 'soon' } },
  ],

  cases: {
    success: [
      {
        title: 'name, description and isActive as is_active',
        input: { id: 'dreadnode:acme/research', name: 'Research Lab', description: 'ML experiments', isActive: false },
        body: { description: 'ML experiments', is_active: false, name: 'Research Lab' },
        workspace: {
          id: 'dreadnode:acme/research',
          provider: 'DREADNODE',
          providerId: WORKSPACE_ID,
          name: 'Research Lab',
          displayName: null,
          description: 'ML experiments',
          createdAt: '2026-04-15T12:00:00.000Z',
          details: {
            __typename: 'DreadnodeWorkspaceDetails',
            key: 'research',
            isActive: false,
            isDefault: true,
            organizationId: ACME_ORG_ID,
            organizationName: 'Acme',
            projectCount: 3,
            createdBy: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
          },
        },
      },
    ],
    refused: [
      {
        title: 'description: null (not documented nullable)',
        input: { id: 'dreadnode:acme/research', description: null },
        errors: [{ path: ['input', 'description'], code: 'INVALID' }],
      },
      {
        title: 'isActive: null',
        input: { id: 'dreadnode:acme/research', isActive: null },
        errors: [{ path: ['input', 'isActive'], code: 'INVALID' }],
      },
      {
        title: 'a key with a space (the key is the ws slug)',
        input: { id: 'dreadnode:acme/research', key: 'new key' },
        errors: [{ path: ['input', 'key'], code: 'INVALID' }],
      },
      {
        title: 'a key of "."',
        input: { id: 'dreadnode:acme/research', key: '.' },
        errors: [{ path: ['input', 'key'], code: 'INVALID' }],
      },
    ],
    accepted: [],
    validation: [
      {
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
    ],
    conflicts: [
      {
        title: 'changing the key to one the organization already has',
        input: { id: 'dreadnode:acme/research', key: 'platform' },
        expected: { __typename: 'WorkspaceConflictError', message: expect.any(String), field: 'key' },
      },
    ],
    notConflicts: [],
    otherAnswers: [
      {
        title: '426 Upgrade required is a WorkspaceProviderError with its type as code',
        input: { id: 'dreadnode:acme/research', name: 'x' },
        fault: { status: 426, body: { code: 426, detail: 'Upgrade required', type: 'upgrade_required' } },
        expected: {
          __typename: 'WorkspaceProviderError',
          provider: 'DREADNODE',
          status: 426,
          code: 'upgrade_required',
          retryable: false,
        },
      },
    ],
    reads: [],
    bodies: [
      {
        title: 'DateTimes with an offset or microseconds come back in UTC with milliseconds',
        body: { ...minimalBody, created_at: '2026-04-15T14:00:00+02:00', updated_at: '2026-04-15T12:00:00.123456Z' },
        expected: { createdAt: '2026-04-15T12:00:00.000Z', updatedAt: '2026-04-15T12:00:00.123Z' },
      },
      {
        title: "the returned id's ws slug is the response's key, the org slug the input's",
        input: { id: 'dreadnode:acme/research', name: 'Research' },
        body: { ...minimalBody, key: 'research-moved' },
        expected: { id: 'dreadnode:acme/research-moved', details: { key: 'research-moved' } },
      },
    ],
    renames: [
      {
        title: 'a new key is the new ws slug; the org slug comes from the input id',
        input: { id: 'dreadnode:acme/research', key: 'research-v2', name: 'Research v2' },
        id: 'dreadnode:acme/research-v2',
        workspace: {
          name: 'Research v2',
          providerId: WORKSPACE_ID,
          details: { key: 'research-v2', organizationName: 'Acme' },
        },
        body: { key: 'research-v2', name: 'Research v2' },
      },
      {
        title: 'a new key of the second seed',
        input: { id: 'dreadnode:acme/platform', key: 'infra' },
        id: 'dreadnode:acme/infra',
        workspace: { name: 'Platform' },
        body: { key: 'infra' },
      },
      {
        title: 'a new name keeps the id (the key is the reference)',
        input: { id: 'dreadnode:acme/research', name: 'Research Lab' },
        id: 'dreadnode:acme/research',
        workspace: { name: 'Research Lab' },
      },
    ],
    patches: [
      ...['new key', 'acme/research', '..', ''].map(invalidKey),
      { title: 'accepts a safe key', patch: { key: 'research-2' }, errors: [] },
      { title: 'leaves the name free-form (it is not the reference)', patch: { name: 'My Workspace / 2' }, errors: [] },
      {
        title: 'has no limit where the document states none',
        patch: { name: 'a'.repeat(500), description: 'b'.repeat(5000) },
        errors: [],
      },
    ],
    scrubbed: [],
  },
} satisfies ProviderFixture<'dreadnode'>;
