// Altostrat, for the shared suites (src/providers/altostrat/CONTRACT.md): PATCH (never retried),
// name <= 50 and description <= 200 (documented nullable: null clears it), Stripe-style errors
// whose message names the parameter.
import { expect } from 'vitest';
import { altostratContract } from '../../src/providers/altostrat/contract';
import type { ProviderFixture } from './fixture';

const ACME_ID = 'ws_a1b2c3d4e5f6g7h8';
const GLOBEX_ID = 'ws_q9r8s7t6u5v4w3x2';
const LEGACY_ID = 'ws_r0e1a2d3o4n5l6y7';

const minimalBody = { id: ACME_ID, name: 'ACME Corporation', archived: false, created_at: null };
const details = {
  __typename: 'AltostratWorkspaceDetails',
  billingMode: 'POOLED',
  pooledSeatLimit: 100,
  archived: false,
  archivedAt: null,
};
const validation = (path: string[], code: string) => ({
  __typename: 'WorkspaceValidationError',
  message: expect.any(String),
  fieldErrors: [{ path, code, message: expect.any(String) }],
});
const parameterInvalid = (message: string) => ({
  type: 'invalid_request_error',
  code: 'parameter_invalid',
  message,
  doc_url: 'https://docs.altostrat.io/errors/parameter_invalid',
});

export const altostrat = {
  provider: 'altostrat',
  label: 'Altostrat',
  enumValue: 'ALTOSTRAT',
  tokenHeader: 'x-altostrat-token',
  detailsType: 'AltostratWorkspaceDetails',
  contract: altostratContract,

  updateMethod: 'PATCH',
  pathOf: (reference) => `/workspaces/${reference}`,

  writable: { id: `altostrat:${ACME_ID}`, path: `/workspaces/${ACME_ID}`, name: 'ACME Corporation' },
  otherWritable: { id: `altostrat:${GLOBEX_ID}`, path: `/workspaces/${GLOBEX_ID}`, name: 'Globex Labs' },
  readOnly: { id: `altostrat:${LEGACY_ID}`, path: `/workspaces/${LEGACY_ID}`, name: 'Initech Legacy' },
  unknown: { id: 'altostrat:ws_doesnotexist0000', path: '/workspaces/ws_doesnotexist0000' },

  rename: { name: 'ACME Corp. Workspace' },
  change: (n) => ({ name: `Change ${n}` }),
  samples: {},
  fields: ['name', 'description'],
  nullable: ['description'],
  limits: [
    { field: 'name', max: 50 },
    { field: 'description', max: 200 },
  ],

  serverError: (text = 'An internal server error occurred. Please try again later.') => ({
    body: {
      type: 'api_error',
      code: 'internal_server_error',
      message: text,
      doc_url: 'https://docs.altostrat.io/errors/internal_server_error',
    },
    code: 'internal_server_error',
  }),
  rateLimit: {
    body: {
      type: 'rate_limit_error',
      code: 'rate_limited',
      message: 'Too many requests',
      doc_url: 'https://docs.altostrat.io/errors/rate_limited',
    },
    says: 'Too many requests',
  },
  documented4xx: (said) => [
    { status: 403, body: { type: 'permission_error', code: 'forbidden', message: said } },
    { status: 400, body: { type: 'invalid_request_error', code: 'parameter_invalid', message: said } },
  ],
  invalid: (said) => ({ status: 400, body: parameterInvalid(said) }),
  conflict: (said) => ({
    status: 409,
    body: { type: 'invalid_request_error', code: 'resource_conflict', message: said },
  }),
  tokenEchoes: (said) => [
    { status: 500, body: { type: 'api_error', code: 'internal_server_error', message: said } },
    { status: 400, body: { type: 'invalid_request_error', code: 'parameter_invalid', message: said } },
  ],
  minimalBody,
  bodyWithoutName: { id: ACME_ID, archived: false },
  unusableBodies: [
    { title: 'no id', body: Object.fromEntries(Object.entries(minimalBody).filter(([k]) => k !== 'id')) },
    { title: 'an empty name', body: { ...minimalBody, name: '' } },
    { title: 'an archived_at that is not a date', body: { ...minimalBody, archived_at: '2025-13-45T00:00:00Z' } },
    { title: 'a JSON array', body: [minimalBody] },
  ],

  cases: {
    success: [
      {
        title: 'name and description, PATCH',
        input: {
          id: `altostrat:${ACME_ID}`,
          name: 'ACME Corp. Workspace',
          description: 'Main workspace for all company operations.',
        },
        body: { name: 'ACME Corp. Workspace', description: 'Main workspace for all company operations.' },
        workspace: {
          id: `altostrat:${ACME_ID}`,
          provider: 'ALTOSTRAT',
          providerId: ACME_ID,
          name: 'ACME Corp. Workspace',
          displayName: null,
          description: 'Main workspace for all company operations.',
          createdAt: '2025-10-29T00:40:06.000Z',
          details,
        },
      },
      {
        title: 'description null is sent as null (documented nullable) and clears it',
        input: { id: `altostrat:${ACME_ID}`, description: null },
        body: { description: null },
        workspace: {
          id: `altostrat:${ACME_ID}`,
          provider: 'ALTOSTRAT',
          providerId: ACME_ID,
          name: 'ACME Corporation',
          displayName: null,
          description: null,
          createdAt: '2025-10-29T00:40:06.000Z',
          details,
        },
      },
    ],
    refused: [
      {
        title: 'a name of 51 characters',
        input: { id: `altostrat:${ACME_ID}`, name: 'n'.repeat(51) },
        errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
      },
      {
        title: 'a description of 201 characters',
        input: { id: `altostrat:${ACME_ID}`, description: 'd'.repeat(201) },
        errors: [{ path: ['input', 'description'], code: 'TOO_LONG' }],
      },
      {
        title: 'name: null',
        input: { id: `altostrat:${ACME_ID}`, name: null },
        errors: [{ path: ['input', 'name'], code: 'INVALID' }],
      },
    ],
    accepted: [
      {
        title: 'a description of exactly 200 characters goes through',
        input: { id: `altostrat:${ACME_ID}`, description: 'd'.repeat(200) },
        expected: { __typename: 'UpdateWorkspaceSuccess' },
      },
    ],
    validation: [
      {
        title: '400 parameter_invalid naming the name -> TOO_LONG on ["input","name"]',
        input: { id: `altostrat:${ACME_ID}`, name: 'ACME' },
        fault: { status: 400, body: parameterInvalid("The 'name' parameter cannot exceed 50 characters.") },
        expected: validation(['input', 'name'], 'TOO_LONG'),
      },
      {
        title: '400 parameter_invalid naming the description -> INVALID on ["input","description"]',
        input: { id: `altostrat:${ACME_ID}`, description: 'text' },
        fault: { status: 400, body: parameterInvalid("The 'description' parameter must be a string.") },
        expected: validation(['input', 'description'], 'INVALID'),
      },
    ],
    conflicts: [
      {
        title: 'an injected 409 (no unique names documented)',
        input: { id: `altostrat:${ACME_ID}`, name: 'Globex Labs' },
        fault: {
          status: 409,
          body: { type: 'invalid_request_error', code: 'resource_conflict', message: 'Conflict.', doc_url: 'x' },
        },
        expected: { __typename: 'WorkspaceConflictError', message: expect.any(String), field: 'name' },
      },
    ],
    notConflicts: [],
    otherAnswers: [],
    reads: [
      {
        title: 'maps details and DateTimes (microseconds -> milliseconds UTC)',
        id: `altostrat:${LEGACY_ID}`,
        expected: {
          name: 'Initech Legacy',
          createdAt: '2024-05-17T08:00:00.000Z',
          updatedAt: '2025-01-02T12:00:00.000Z',
          details: {
            __typename: 'AltostratWorkspaceDetails',
            billingMode: 'ASSIGNED',
            pooledSeatLimit: null,
            archived: true,
            archivedAt: '2025-01-02T12:00:00.000Z',
          },
        },
      },
    ],
    bodies: [],
    renames: [
      {
        title: 'a new name keeps the id',
        input: { id: `altostrat:${GLOBEX_ID}`, name: 'Globex Laboratories' },
        id: `altostrat:${GLOBEX_ID}`,
        workspace: { name: 'Globex Laboratories' },
        body: { name: 'Globex Laboratories' },
      },
    ],
    patches: [
      { title: 'counts an astral character once', patch: { description: '𝒜'.repeat(200) }, errors: [] },
      { title: 'leaves the name free-form', patch: { name: 'ACME Corp. Workspace' }, errors: [] },
    ],
    scrubbed: [],
  },
} satisfies ProviderFixture<'altostrat'>;
