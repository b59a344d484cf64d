// Flashback, for the shared suites (src/providers/flashback/CONTRACT.md): an update takes only a
// name, unique within the organization; errors are `{success: false, message}`, and its 400 is its
// documented answer to credentials it does not accept.
import { flashbackContract } from '../../src/providers/flashback/contract';
import { expect } from 'vitest';
import type { ProviderFixture } from './fixture';

const DEV_ID = '123e4567-e89b-12d3-a456-426614174000';
const STAGING_ID = '3f2a1b4c-5d6e-4f70-8a91-b2c3d4e5f607';
const FINANCE_ID = '9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';
const ORG_ID = '987fcdeb-51a2-43d1-9f12-345678901234';

const workspace = { id: DEV_ID, name: 'Development Workspace', orgId: ORG_ID };
const without = (key: string) => Object.fromEntries(Object.entries(workspace).filter(([k]) => k !== key));

export const flashback = {
  provider: 'flashback',
  label: 'Flashback',
  enumValue: 'FLASHBACK',
  tokenHeader: 'x-flashback-token',
  detailsType: 'FlashbackWorkspaceDetails',
  contract: flashbackContract,

  updateMethod: 'PUT',
  pathOf: (reference) => `/workspace/${reference}`,

  writable: { id: `flashback:${DEV_ID}`, path: `/workspace/${DEV_ID}`, name: 'Development Workspace' },
  otherWritable: { id: `flashback:${STAGING_ID}`, path: `/workspace/${STAGING_ID}`, name: 'Staging Workspace' },
  readOnly: { id: `flashback:${FINANCE_ID}`, path: `/workspace/${FINANCE_ID}`, name: 'Finance Workspace' },
  unknown: {
    id: 'flashback:00000000-0000-4000-8000-000000000000',
    path: '/workspace/00000000-0000-4000-8000-000000000000',
  },

  rename: { name: 'Updated Development Workspace' },
  change: (n) => ({ name: `Change ${n}` }),
  samples: {},
  fields: ['name'],
  nullable: [],
  limits: [],

  serverError: (text = 'Failed to update workspace') => ({ body: { success: false, message: text }, code: null }),
  rateLimit: { body: { success: false, message: 'Too many requests' }, says: 'Too many requests' },
  documented4xx: (said) => [
    { status: 403, body: { success: false, message: said } },
    { status: 400, body: { success: false, message: said } },
  ],
  invalid: (said) => ({ status: 422, body: { success: false, message: said } }),
  conflict: (said) => ({ status: 409, body: { success: false, message: said } }),
  tokenEchoes: (said) => [
    { status: 400, body: { success: false, message: said } },
    { status: 500, body: { success: false, message: said } },
    { status: 403, body: { success: false, message: said } },
  ],
  minimalBody: { success: true, workspace },
  bodyWithoutName: { success: true, workspace: { id: DEV_ID, orgId: ORG_ID } },
  unusableBodies: [
    { title: 'no workspace id', body: { success: true, workspace: without('id') } },
    { title: 'success false in a 200', body: { success: false, message: 'Failed' } },
    { title: 'the workspace without its envelope', body: workspace },
  ],

  cases: {
    success: [
      {
        title: 'the name, PUT /workspace/{id}',
        input: { id: `flashback:${DEV_ID}`, name: 'Updated Development Workspace' },
        body: { name: 'Updated Development Workspace' },
        workspace: {
          id: `flashback:${DEV_ID}`,
          provider: 'FLASHBACK',
          providerId: DEV_ID,
          name: 'Updated Development Workspace',
          displayName: null,
          description: null,
          // Flashback has no timestamps.
          createdAt: null,
          details: { __typename: 'FlashbackWorkspaceDetails', organizationId: ORG_ID },
        },
      },
    ],
    refused: [
      {
        title: 'name: null',
        input: { id: `flashback:${DEV_ID}`, name: null },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
    ],
    accepted: [],
    validation: [
      {
        title: 'a 422 with {success:false, message}',
        input: { id: `flashback:${DEV_ID}`, name: 'Some name' },
        fault: { status: 422, body: { success: false, message: 'Invalid workspace data' } },
        expected: { __typename: 'WorkspaceValidationError', message: expect.any(String) },
      },
    ],
    conflicts: [
      {
        title: 'a name already used in the organization',
        input: { id: `flashback:${DEV_ID}`, name: 'Staging Workspace' },
        expected: { __typename: 'WorkspaceConflictError', message: expect.any(String), field: 'name' },
      },
    ],
    notConflicts: [
      {
        title: 'the same name in another organization is not a conflict',
        input: { id: `flashback:${STAGING_ID}`, name: 'Finance Workspace' },
        expected: { __typename: 'UpdateWorkspaceSuccess' },
      },
    ],
    otherAnswers: [],
    reads: [],
    bodies: [],
    renames: [
      {
        title: 'a new name keeps the id',
        input: { id: `flashback:${STAGING_ID}`, name: 'Pre-production' },
        id: `flashback:${STAGING_ID}`,
        workspace: { name: 'Pre-production' },
        body: { name: 'Pre-production' },
      },
    ],
    patches: [
      { title: 'has no limit where the document states none', patch: { name: 'a'.repeat(500) }, errors: [] },
      { title: 'leaves the name free-form', patch: { name: 'Updated Development Workspace' }, errors: [] },
    ],
    scrubbed: [],
  },
} satisfies ProviderFixture<'flashback'>;
