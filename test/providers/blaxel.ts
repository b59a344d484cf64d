// Blaxel, for the shared suites (src/providers/blaxel/CONTRACT.md): its reference is the workspace
// name, so a rename changes the id; PUT with labels as an object; no documented length limits.
import { expect } from 'vitest';
import { blaxelContract } from '../../src/providers/blaxel/contract';
import { SECRET_TEXT, type ProviderFixture } from './fixture';

const WORKSPACE_ID = 'ws-7f3c9a12';

const minimalBody = { id: WORKSPACE_ID, name: 'my-workspace', createdAt: '2026-04-15T12:00:00.000Z' };
const without = (key: string) => Object.fromEntries(Object.entries(minimalBody).filter(([k]) => k !== key));
const invalidName = (title: string, name: string) => ({
  title,
  patch: { name },
  errors: [{ path: ['input', 'name'], code: 'INVALID', message: expect.any(String) }],
});

export const blaxel = {
  provider: 'blaxel',
  label: 'Blaxel',
  enumValue: 'BLAXEL',
  tokenHeader: 'x-blaxel-token',
  detailsType: 'BlaxelWorkspaceDetails',
  contract: blaxelContract,

  updateMethod: 'PUT',
  pathOf: (reference) => `/workspaces/${reference}`,

  writable: { id: 'blaxel:my-workspace', path: '/workspaces/my-workspace', name: 'my-workspace' },
  otherWritable: { id: 'blaxel:staging', path: '/workspaces/staging', name: 'staging' },
  readOnly: { id: 'blaxel:locked-workspace', path: '/workspaces/locked-workspace', name: 'locked-workspace' },
  unknown: { id: 'blaxel:no-such-workspace', path: '/workspaces/no-such-workspace' },

  // The name is the reference: a harmless change is the display name.
  rename: { displayName: 'Renamed by a test' },
  change: (n) => ({ displayName: `Change ${n}` }),
  samples: {
    displayName: 'My Workspace',
    labels: [{ key: 'env', value: 'prod' }],
    region: 'us-west-2',
    runtimeGeneration: 'mk3',
    groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
    accountId: 'acc-1',
  },
  fields: ['name', 'displayName', 'labels', 'region', 'runtimeGeneration', 'groupMappings', 'accountId'],
  nullable: [],
  limits: [],

  serverError: (text = 'Something broke') => ({
    body: { error: 'internal_error', message: text },
    code: 'internal_error',
  }),
  rateLimit: { body: { error: 'rate_limited', message: 'Too many requests' }, says: 'Too many requests' },
  documented4xx: (said) => [
    { status: 403, body: { error: 'forbidden', message: said } },
    { status: 400, body: { error: 'bad_request', message: said } },
  ],
  invalid: (said) => ({ status: 400, body: { error: 'bad_request', message: said } }),
  conflict: (said) => ({ status: 409, body: { error: 'conflict', message: said } }),
  tokenEchoes: (said) => [
    { status: 401, body: { error: 'unauthorized', message: said } },
    { status: 500, body: { error: 'internal_error', message: said } },
    { status: 400, body: { error: 'bad_request', message: said } },
  ],
  minimalBody,
  bodyWithoutName: { id: WORKSPACE_ID, displayName: 'My Workspace' },
  unusableBodies: [
    { title: 'no id', body: without('id') },
    { title: 'no name', body: without('name') },
    { title: 'a createdAt that is not a date', body: { ...minimalBody, createdAt: 'yesterday' } },
  ],

  cases: {
    success: [
      {
        title: 'every Blaxel field, PUT with labels as an object and runtime.generation',
        input: {
          id: 'blaxel:my-workspace',
          displayName: 'Production',
          labels: [
            { key: 'env', value: 'prod' },
            { key: 'team', value: 'core' },
          ],
          region: 'eu-central-1',
          runtimeGeneration: 'mk4',
          groupMappings: [{ groupName: 'Ops', role: 'member' }],
          accountId: 'acc-5e6f7a8b',
        },
        body: {
          accountId: 'acc-5e6f7a8b',
          displayName: 'Production',
          groupMappings: [{ groupName: 'Ops', role: 'member' }],
          labels: { env: 'prod', team: 'core' },
          region: 'eu-central-1',
          runtime: { generation: 'mk4' },
        },
        workspace: {
          id: 'blaxel:my-workspace',
          provider: 'BLAXEL',
          providerId: WORKSPACE_ID,
          name: 'my-workspace',
          displayName: 'Production',
          description: null,
          createdAt: '2026-04-15T12:00:00.000Z',
          details: {
            __typename: 'BlaxelWorkspaceDetails',
            accountId: 'acc-5e6f7a8b',
            region: 'eu-central-1',
            labels: [
              { key: 'env', value: 'prod' },
              { key: 'team', value: 'core' },
            ],
            runtimeGeneration: 'mk4',
            groupMappings: [{ groupName: 'Ops', role: 'member' }],
            status: 'READY',
            statusReason: null,
            createdBy: 'alice@example.com',
            updatedBy: 'emulator@blaxel.local',
          },
        },
      },
    ],
    refused: [
      {
        title: 'name: null',
        input: { id: 'blaxel:my-workspace', name: null },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
      {
        title: 'labels: null',
        input: { id: 'blaxel:my-workspace', labels: null },
        errors: [{ path: ['input', 'labels'], code: 'INVALID' }],
      },
      {
        title: 'a rename to a name with a slash (the name is the reference)',
        input: { id: 'blaxel:my-workspace', name: 'a/b' },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
      {
        title: 'a rename to ".."',
        input: { id: 'blaxel:my-workspace', name: '..' },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
      {
        title: 'a rename to an empty name',
        input: { id: 'blaxel:my-workspace', name: '' },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
    ],
    accepted: [],
    validation: [
      {
        title: 'a 400 (no documented body): validation on the input',
        input: { id: 'blaxel:my-workspace', region: 'mars-north-1' },
        fault: { status: 400, body: { error: 'bad_request', message: "'region' is not a known region" } },
        expected: { __typename: 'WorkspaceValidationError', message: expect.stringContaining('region') },
      },
    ],
    conflicts: [
      {
        title: 'renaming onto an existing workspace name',
        input: { id: 'blaxel:my-workspace', name: 'staging' },
        expected: { __typename: 'WorkspaceConflictError', message: expect.any(String), field: 'name' },
      },
    ],
    notConflicts: [],
    otherAnswers: [],
    reads: [
      {
        title: 'the provider id is its own id, status as the enum',
        id: 'blaxel:staging',
        expected: {
          id: 'blaxel:staging',
          providerId: 'ws-2b8d4e61',
          details: { status: 'ERROR', statusReason: 'Account billing is not configured', runtimeGeneration: 'mk2' },
        },
      },
    ],
    bodies: [
      {
        title: 'fields a body leaves out read as null or empty',
        body: { id: WORKSPACE_ID, name: 'my-workspace' },
        expected: {
          displayName: null,
          createdAt: null,
          details: { labels: [], groupMappings: [], status: null, region: null, runtimeGeneration: null },
        },
      },
    ],
    renames: [
      {
        title: 'a new name is the new reference; the provider id stays',
        input: { id: 'blaxel:my-workspace', name: 'my-renamed-workspace' },
        id: 'blaxel:my-renamed-workspace',
        workspace: { name: 'my-renamed-workspace', providerId: WORKSPACE_ID, displayName: 'My Workspace' },
        body: { name: 'my-renamed-workspace' },
      },
      {
        title: 'setting the same name keeps the id',
        input: { id: 'blaxel:staging', name: 'staging' },
        id: 'blaxel:staging',
        workspace: { name: 'staging' },
      },
    ],
    patches: [
      ...['new name', 'a/b', '..', '.', '', 'naïve', 'x%2Fy', 'a:b'].map((name) =>
        invalidName(`refuses the name ${JSON.stringify(name)}: not a safe reference`, name),
      ),
      { title: 'accepts a safe reference as the name', patch: { name: 'my-workspace.v2_~' }, errors: [] },
      { title: 'has no limit on the display name', patch: { displayName: 'a'.repeat(500) }, errors: [] },
      {
        title: 'refuses a repeated label key (labels are sent as an object)',
        patch: {
          labels: [
            { key: 'env', value: 'prod' },
            { key: 'team', value: 'ml' },
            { key: 'env', value: 'dev' },
          ],
        },
        errors: [{ path: ['input', 'labels', '2', 'key'], code: 'INVALID', message: expect.stringContaining('env') }],
      },
      {
        title: 'accepts a full patch',
        patch: {
          name: 'my-workspace',
          displayName: 'My Workspace',
          labels: [],
          region: 'us-west-2',
          runtimeGeneration: 'mk3',
          groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
          accountId: 'acc',
        },
        errors: [],
      },
    ],
    scrubbed: [
      {
        title: 'a "code" that is not one (a sentence, a connection string) is not shown either',
        input: { id: 'blaxel:my-workspace', displayName: 'x' },
        fault: { status: 500, body: { error: SECRET_TEXT } },
        expected: {
          __typename: 'WorkspaceProviderError',
          provider: 'BLAXEL',
          status: 500,
          code: null,
          retryable: false,
          message: 'Blaxel answered with HTTP 500',
        },
        exact: true,
      },
    ],
  },
} satisfies ProviderFixture<'blaxel'>;
