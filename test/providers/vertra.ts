// Vertra Cloud, for the shared suites (src/providers/vertra/CONTRACT.md): PUT wrapped in
// `{updates}`, success in `{response}`; its documented limits (name 50, description 200, each tag
// 20, in code points) and codes, which win over the status.
import { expect } from 'vitest';
import { vertraContract } from '../../src/providers/vertra/contract';
import { SECRET_TEXT, type ProviderFixture } from './fixture';

const OWNER = '993591427428790342';
const minimal = { id: 'org123', name: 'updatedworkspace', tags: [], members: [] };
const validation = (fieldErrors: { path: string[]; code: string }[]) => ({
  __typename: 'WorkspaceValidationError',
  message: expect.any(String),
  fieldErrors: fieldErrors.map((e) => ({ ...e, message: expect.any(String) })),
});
const conflict = { __typename: 'WorkspaceConflictError', message: expect.any(String), field: 'name' };

export const vertra = {
  provider: 'vertra',
  label: 'Vertra Cloud',
  enumValue: 'VERTRA',
  tokenHeader: 'x-vertra-token',
  detailsType: 'VertraWorkspaceDetails',
  contract: vertraContract,

  updateMethod: 'PUT',
  pathOf: (reference) => `/workspaces/${reference}`,

  writable: { id: 'vertra:org123', path: '/workspaces/org123', name: 'updatedworkspace' },
  otherWritable: { id: 'vertra:org456', path: '/workspaces/org456', name: 'analytics' },
  readOnly: { id: 'vertra:org789', path: '/workspaces/org789', name: 'archived-team' },
  unknown: { id: 'vertra:org000', path: '/workspaces/org000' },

  rename: { name: 'renamed-workspace' },
  change: (n) => ({ name: `change-${n}` }),
  samples: { tags: ['newtag'] },
  fields: ['name', 'description', 'tags'],
  nullable: [],
  limits: [
    { field: 'name', max: 50 },
    { field: 'description', max: 200 },
    { field: 'tags', max: 20, item: true },
  ],

  serverError: (text = 'Something broke') => ({
    body: { code: 'INTERNAL_ERROR', message: text },
    code: 'INTERNAL_ERROR',
  }),
  rateLimit: { body: { code: 'RATE_LIMITED', message: 'Too many requests' }, says: 'Too many requests' },
  documented4xx: (said) => [
    { status: 403, body: { code: 'FORBIDDEN', message: said } },
    { status: 400, body: { code: 'NAME_TOO_LONG', message: said } },
  ],
  invalid: (said) => ({ status: 400, body: { code: 'NAME_TOO_LONG', message: said } }),
  conflict: (said) => ({ status: 409, body: { code: 'ORGANIZATION_NAME_ALREADY_EXISTS', message: said } }),
  tokenEchoes: (said) => [
    { status: 401, body: { code: 'UNAUTHORIZED', message: said } },
    { status: 500, body: { code: 'INTERNAL_ERROR', message: said } },
    { status: 400, body: { code: 'NAME_TOO_LONG', message: said } },
  ],
  minimalBody: { response: minimal },
  bodyWithoutName: { response: { id: 'org123', tags: [] } },
  unusableBodies: [
    { title: 'the workspace without {response}', body: minimal },
    {
      title: 'no id',
      body: { response: Object.fromEntries(Object.entries(minimal).filter(([k]) => k !== 'id')) },
    },
    {
      title: 'a member joined_at that is not a date',
      body: { response: { ...minimal, members: [{ user_id: '1', role: 'owner', joined_at: 'soon' }] } },
    },
  ],

  cases: {
    success: [
      {
        title: 'name, description and tags wrapped in {updates}',
        input: { id: 'vertra:org456', name: 'analytics-eu', description: 'Team analytics', tags: ['data', 'bi'] },
        body: { updates: { name: 'analytics-eu', description: 'Team analytics', tags: ['data', 'bi'] } },
        workspace: {
          id: 'vertra:org456',
          provider: 'VERTRA',
          providerId: 'org456',
          name: 'analytics-eu',
          displayName: null,
          description: 'Team analytics',
          createdAt: '2026-01-05T10:00:00.000Z',
          details: {
            __typename: 'VertraWorkspaceDetails',
            tags: ['data', 'bi'],
            ownerId: OWNER,
            members: [
              { userId: OWNER, role: 'owner', joinedAt: '2026-01-05T10:00:00.000Z' },
              { userId: '112233445566778899', role: 'member', joinedAt: '2026-01-20T09:00:00.000Z' },
            ],
          },
        },
      },
      {
        title: 'a 50-code-point name of emoji (100 UTF-16 units) is within the limit',
        input: { id: 'vertra:org123', name: '🚀'.repeat(50) },
        body: { updates: { name: '🚀'.repeat(50) } },
        workspace: {
          id: 'vertra:org123',
          provider: 'VERTRA',
          providerId: 'org123',
          name: '🚀'.repeat(50),
          displayName: null,
          description: 'Updated description',
          createdAt: '2026-03-14T19:58:00.000Z',
          details: {
            __typename: 'VertraWorkspaceDetails',
            tags: ['newtag', 'updated'],
            ownerId: OWNER,
            members: [{ userId: OWNER, role: 'owner', joinedAt: '2026-03-14T19:58:00.000Z' }],
          },
        },
      },
    ],
    refused: [
      {
        title: 'a name of 51 characters',
        input: { id: 'vertra:org123', name: 'a'.repeat(51) },
        errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
      },
      {
        title: 'a name of 51 code points with emoji (49 letters + 2 emoji = 53 UTF-16 units)',
        input: { id: 'vertra:org123', name: `${'a'.repeat(49)}🚀🚀` },
        errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
      },
      {
        title: 'a name of 51 emoji',
        input: { id: 'vertra:org123', name: '🚀'.repeat(51) },
        errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
      },
      {
        title: 'a description of 201 characters',
        input: { id: 'vertra:org123', description: 'd'.repeat(201) },
        errors: [{ path: ['input', 'description'], code: 'TOO_LONG' }],
      },
      {
        title: 'a tag of 21 characters: the path names its index',
        input: { id: 'vertra:org123', tags: ['ok', 't'.repeat(21), 'fine'] },
        errors: [{ path: ['input', 'tags', '1'], code: 'TOO_LONG' }],
      },
      {
        title: 'description: null',
        input: { id: 'vertra:org123', description: null },
        errors: [{ path: ['input', 'description'], code: 'INVALID' }],
      },
    ],
    accepted: [
      {
        title: 'a tag of exactly 20 emoji (20 code points, 40 UTF-16 units) goes through',
        input: { id: 'vertra:org123', tags: ['🚀'.repeat(20)] },
        expected: { __typename: 'UpdateWorkspaceSuccess', workspace: { details: { tags: ['🚀'.repeat(20)] } } },
        body: { updates: { tags: ['🚀'.repeat(20)] } },
      },
    ],
    validation: [
      {
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
        title: 'NAME_TOO_LONG -> TOO_LONG on ["input","name"]',
        input: { id: 'vertra:org123', name: 'short' },
        fault: { status: 400, body: { code: 'NAME_TOO_LONG', message: 'The provided name exceeds 50 characters.' } },
        expected: validation([{ path: ['input', 'name'], code: 'TOO_LONG' }]),
      },
      {
        title: 'DESCRIPTION_MUST_BE_A_STRING, whatever the status -> INVALID on ["input","description"]',
        input: { id: 'vertra:org123', description: 'text' },
        fault: { status: 500, body: { code: 'DESCRIPTION_MUST_BE_A_STRING' } },
        expected: validation([{ path: ['input', 'description'], code: 'INVALID' }]),
      },
    ],
    conflicts: [
      {
        title: 'a name already used (ORGANIZATION_NAME_ALREADY_EXISTS)',
        input: { id: 'vertra:org123', name: 'analytics' },
        expected: conflict,
      },
      {
        title: 'ORGANIZATION_NAME_ALREADY_EXISTS with a 400: the code wins over the status',
        input: { id: 'vertra:org123', name: 'fresh-name' },
        fault: { status: 400, body: { code: 'ORGANIZATION_NAME_ALREADY_EXISTS', message: 'Name taken.' } },
        expected: conflict,
      },
    ],
    notConflicts: [],
    otherAnswers: [
      {
        title: 'code UNAUTHORIZED is an authentication error whatever the status',
        input: { id: 'vertra:org123', name: 'x' },
        fault: { status: 400, body: { code: 'UNAUTHORIZED' } },
        expected: { __typename: 'WorkspaceAuthenticationError', provider: 'VERTRA' },
      },
    ],
    reads: [],
    bodies: [],
    renames: [
      {
        title: 'a new name keeps the id',
        input: { id: 'vertra:org123', name: 'brand-new-name' },
        id: 'vertra:org123',
        workspace: { name: 'brand-new-name' },
        body: { updates: { name: 'brand-new-name' } },
      },
    ],
    patches: [
      {
        title: 'counts an astral character once: 50 emoji are 100 UTF-16 units but 50 characters',
        patch: { name: '😀'.repeat(50) },
        errors: [],
      },
      {
        title: '51 emoji are one too many',
        patch: { name: '😀'.repeat(51) },
        errors: [{ path: ['input', 'name'], code: 'TOO_LONG', message: expect.any(String) }],
      },
      { title: 'a tag of 20 emoji is within the limit', patch: { tags: ['😀'.repeat(20)] }, errors: [] },
      {
        title: 'checks each tag (<= 20) with its index in the path',
        patch: { tags: ['ok', 'x'.repeat(21), 'y'.repeat(20), 'z'.repeat(25), '😀'.repeat(21)] },
        errors: [
          { path: ['input', 'tags', '1'], code: 'TOO_LONG', message: expect.stringContaining('20') },
          { path: ['input', 'tags', '3'], code: 'TOO_LONG', message: expect.stringContaining('20') },
          { path: ['input', 'tags', '4'], code: 'TOO_LONG', message: expect.stringContaining('20') },
        ],
      },
      { title: 'accepts an empty tag list (replaces the whole set)', patch: { tags: [] }, errors: [] },
      {
        title: 'reports every problem at once',
        patch: { name: 'n'.repeat(51), description: 'd'.repeat(201), tags: ['t'.repeat(21)] },
        errors: [
          { path: ['input', 'name'], code: 'TOO_LONG', message: expect.any(String) },
          { path: ['input', 'description'], code: 'TOO_LONG', message: expect.any(String) },
          { path: ['input', 'tags', '0'], code: 'TOO_LONG', message: expect.any(String) },
        ],
      },
      {
        title: 'refuses a blank name',
        patch: { name: '   ' },
        errors: [{ path: ['input', 'name'], code: 'INVALID', message: expect.any(String) }],
      },
    ],
    scrubbed: [
      {
        title: 'a 5xx the mapping reads as a validation error keeps its paths and codes, not the text',
        input: { id: 'vertra:org123', description: 'text' },
        fault: { status: 500, body: { code: 'DESCRIPTION_MUST_BE_A_STRING', message: SECRET_TEXT } },
        expected: {
          __typename: 'WorkspaceValidationError',
          message: 'Vertra Cloud answered with HTTP 500',
          fieldErrors: [
            { path: ['input', 'description'], code: 'INVALID', message: 'Vertra Cloud refused this value.' },
          ],
        },
        exact: true,
      },
    ],
  },
} satisfies ProviderFixture<'vertra'>;
