// Blaxel: PUT /workspaces/{workspaceName}; the reference is the name, providerId the `id`.
// The contract: src/providers/blaxel/CONTRACT.md. Blaxel documents no error body, so failures
// map by HTTP status (README.md, "Error results").
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import { capabilitiesOf } from '../../../src/domain/capabilities';
import { blaxelFacts } from '../../../src/providers/blaxel/facts';
import { blaxelContract } from '../../../src/providers/blaxel/contract';
import { blaxelFailure, blaxelRequestBody, blaxelWorkspace } from '../../../src/providers/blaxel/mapping';
import type { FailureContext } from '../../../src/providers/shared/status-failure';
import { expectDate, jsonResponse, mapped, textResponse } from '../helpers';

/** The document's request example, verbatim. */
const DOC_REQUEST = {
  accountId: '<string>',
  displayName: 'My Workspace',
  groupMappings: [
    {
      groupName: 'Engineering',
      role: 'admin',
    },
  ],
  labels: {},
  name: 'my-workspace',
  region: 'us-west-2',
  runtime: {
    generation: 'mk3',
  },
};

/** The document's response example, verbatim (its timestamps are "<string>" placeholders). */
const DOC_RESPONSE = {
  createdAt: '<string>',
  updatedAt: '<string>',
  createdBy: '<string>',
  updatedBy: '<string>',
  accountId: '<string>',
  displayName: 'My Workspace',
  groupMappings: [
    {
      groupName: 'Engineering',
      role: 'admin',
    },
  ],
  id: '<string>',
  labels: {},
  name: 'my-workspace',
  region: 'us-west-2',
  runtime: {
    generation: 'mk3',
  },
  status: 'ready',
  statusReason: '<string>',
};

/** The same example with real timestamps in place of the two "<string>" placeholders. */
const DOC_RESPONSE_WITH_DATES = {
  ...DOC_RESPONSE,
  createdAt: '2026-04-15T12:00:00Z',
  updatedAt: '2026-04-16T08:30:15.250Z',
};

const REF: WorkspaceRef = { provider: 'blaxel', segments: ['my-workspace'] };
const CONTEXT: FailureContext = { provider: 'blaxel', id: 'blaxel:my-workspace', patch: { name: 'new-name' } };

afterEach(() => {
  vi.useRealTimers();
});

describe('Blaxel request', () => {
  it('builds the document example body from a full patch', () => {
    const body = blaxelRequestBody({
      accountId: '<string>',
      displayName: 'My Workspace',
      groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
      labels: [],
      name: 'my-workspace',
      region: 'us-west-2',
      runtimeGeneration: 'mk3',
    });
    expect(body).toStrictEqual(DOC_REQUEST);
  });

  it('sends only the fields that are set', () => {
    expect(blaxelRequestBody({ displayName: 'Renamed' })).toStrictEqual({ displayName: 'Renamed' });
    expect(JSON.stringify(blaxelRequestBody({ region: 'eu-west-1' }))).toBe('{"region":"eu-west-1"}');
    expect(blaxelRequestBody({ accountId: 'acc-9' })).toStrictEqual({ accountId: 'acc-9' });
    expect(blaxelRequestBody({ name: 'new-name' })).toStrictEqual({ name: 'new-name' });
  });

  it('sends runtimeGeneration as runtime.generation', () => {
    expect(blaxelRequestBody({ runtimeGeneration: 'mk2' })).toStrictEqual({ runtime: { generation: 'mk2' } });
  });

  it('sends labels as an object keyed by label key', () => {
    expect(
      blaxelRequestBody({
        labels: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'ml' },
        ],
      }),
    ).toStrictEqual({ labels: { env: 'prod', team: 'ml' } });
    // The whole set is replaced: an empty list clears it.
    expect(blaxelRequestBody({ labels: [] })).toStrictEqual({ labels: {} });
  });

  it('sends group mappings with only groupName and role', () => {
    const groupMappings = [{ groupName: 'Eng', role: 'admin', extra: 'x' } as { groupName: string; role: string }];
    expect(blaxelRequestBody({ groupMappings })).toStrictEqual({
      groupMappings: [{ groupName: 'Eng', role: 'admin' }],
    });
    expect(blaxelRequestBody({ groupMappings: [] })).toStrictEqual({ groupMappings: [] });
  });

  it('is PUT workspaces/{workspaceName}', () => {
    expect(blaxelContract.updateMethod).toBe('PUT');
    expect(blaxelContract.pathFor(REF)).toBe('workspaces/my-workspace');
    expect(blaxelContract.pathFor({ provider: 'blaxel', segments: ['a.b_c~d-e'] })).toBe('workspaces/a.b_c~d-e');
    expect(blaxelContract.capabilities).toEqual(capabilitiesOf(blaxelFacts));
    expect(blaxelContract.requestBody({ region: 'x' })).toStrictEqual({ region: 'x' });
  });
});

describe('Blaxel success body', () => {
  it('refuses the verbatim example: "<string>" is not a DateTime, so the body is unusable', () => {
    expect(blaxelWorkspace(DOC_RESPONSE)).toBeNull();
    expect(blaxelContract.toWorkspace(DOC_RESPONSE, REF)).toBeNull();
  });

  it('maps the example with real timestamps, every field', () => {
    const workspace = mapped(blaxelWorkspace(DOC_RESPONSE_WITH_DATES));
    expect(workspace).toEqual({
      id: 'blaxel:my-workspace',
      provider: 'blaxel',
      providerId: '<string>',
      name: 'my-workspace',
      displayName: 'My Workspace',
      description: null,
      createdAt: new Date('2026-04-15T12:00:00.000Z'),
      updatedAt: new Date('2026-04-16T08:30:15.250Z'),
      details: {
        provider: 'blaxel',
        accountId: '<string>',
        region: 'us-west-2',
        labels: [],
        runtimeGeneration: 'mk3',
        groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
        status: 'READY',
        statusReason: '<string>',
        createdBy: '<string>',
        updatedBy: '<string>',
      },
    });
    expectDate(workspace.createdAt, '2026-04-15T12:00:00.000Z');
    expectDate(workspace.updatedAt, '2026-04-16T08:30:15.250Z');
    expect(blaxelContract.toWorkspace(DOC_RESPONSE_WITH_DATES, REF)).toEqual(workspace);
  });

  it('takes the global id from the name and providerId from the id', () => {
    // After a rename the answer carries the new name: the id follows it, not the requested ref.
    const workspace = mapped(
      blaxelContract.toWorkspace({ ...DOC_RESPONSE_WITH_DATES, id: 'f3a1-77', name: 'renamed' }, REF),
    );
    expect(workspace.id).toBe('blaxel:renamed');
    expect(workspace.providerId).toBe('f3a1-77');
    expect(workspace.name).toBe('renamed');
  });

  it('maps labels to key/value pairs', () => {
    const workspace = mapped(blaxelWorkspace({ ...DOC_RESPONSE_WITH_DATES, labels: { env: 'prod', team: 'ml' } }));
    expect(workspace.details).toMatchObject({
      labels: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'ml' },
      ],
    });
  });

  it.each([
    ['created', 'CREATED'],
    ['account_binded', 'ACCOUNT_BINDED'],
    ['account_configured', 'ACCOUNT_CONFIGURED'],
    ['workspace_configured', 'WORKSPACE_CONFIGURED'],
    ['ready', 'READY'],
    ['error', 'ERROR'],
    ['READY', 'READY'],
    ['some_new_status', null],
  ])('maps status %j to %j', (status, expected) => {
    expect(mapped(blaxelWorkspace({ ...DOC_RESPONSE_WITH_DATES, status })).details).toMatchObject({
      status: expected,
    });
  });

  it('reads the optional fields as null or empty when absent', () => {
    expect(blaxelWorkspace({ id: 'abc', name: 'bare' })).toEqual({
      id: 'blaxel:bare',
      provider: 'blaxel',
      providerId: 'abc',
      name: 'bare',
      displayName: null,
      description: null,
      createdAt: null,
      updatedAt: null,
      details: {
        provider: 'blaxel',
        accountId: null,
        region: null,
        labels: [],
        runtimeGeneration: null,
        groupMappings: [],
        status: null,
        statusReason: null,
        createdBy: null,
        updatedBy: null,
      },
    });
  });

  it('accepts a timestamp with an offset, in UTC', () => {
    const workspace = mapped(blaxelWorkspace({ id: 'abc', name: 'w', createdAt: '2026-04-15T14:00:00+02:00' }));
    expectDate(workspace.createdAt, '2026-04-15T12:00:00.000Z');
  });

  it.each([
    ['null', null],
    ['a string', 'my-workspace'],
    ['a number', 42],
    ['an array', [DOC_RESPONSE_WITH_DATES]],
    ['no name', { ...DOC_RESPONSE_WITH_DATES, name: undefined }],
    ['an empty name', { ...DOC_RESPONSE_WITH_DATES, name: '' }],
    ['a name that is not a string', { ...DOC_RESPONSE_WITH_DATES, name: 7 }],
    ['no id', { ...DOC_RESPONSE_WITH_DATES, id: undefined }],
    ['an empty id', { ...DOC_RESPONSE_WITH_DATES, id: '' }],
    ['a bad createdAt', { ...DOC_RESPONSE_WITH_DATES, createdAt: 'yesterday' }],
    ['a bad updatedAt', { ...DOC_RESPONSE_WITH_DATES, updatedAt: '2026-02-30T00:00:00Z' }],
    ['a date without time', { ...DOC_RESPONSE_WITH_DATES, updatedAt: '2026-04-15' }],
  ])('is unusable with %s', (_what, body) => {
    expect(blaxelWorkspace(body)).toBeNull();
  });
});

describe('Blaxel failures (no documented error body: by status)', () => {
  it('400 and 422 are validation errors on the input', () => {
    for (const status of [400, 422]) {
      expect(blaxelFailure(jsonResponse(status, { message: 'bad region' }), CONTEXT)).toEqual({
        kind: 'validation',
        message: expect.stringContaining('bad region'),
        fieldErrors: [{ path: ['input'], code: 'INVALID', message: 'bad region' }],
      });
    }
  });

  it('401 is an authentication error', () => {
    expect(blaxelFailure(textResponse(401), CONTEXT)).toEqual({
      kind: 'authentication',
      provider: 'blaxel',
      message: expect.any(String),
    });
  });

  it('403 is permission denied', () => {
    expect(blaxelFailure(jsonResponse(403, { error: 'forbidden' }), CONTEXT)).toEqual({
      kind: 'permission-denied',
      provider: 'blaxel',
      message: expect.stringContaining('forbidden'),
    });
  });

  it('404 is not found, with the id the caller used', () => {
    expect(blaxelFailure(textResponse(404, 'Not Found'), CONTEXT)).toEqual({
      kind: 'not-found',
      id: 'blaxel:my-workspace',
      message: expect.stringContaining('blaxel:my-workspace'),
    });
  });

  it('409 is a conflict on the name (its only unique field)', () => {
    expect(blaxelFailure(jsonResponse(409, { message: 'workspace already exists' }), CONTEXT)).toEqual({
      kind: 'conflict',
      field: 'name',
      message: expect.stringContaining('workspace already exists'),
    });
  });

  it('429 is rate limited, with Retry-After in seconds', () => {
    expect(blaxelFailure(jsonResponse(429, {}, { 'Retry-After': '30' }), CONTEXT)).toEqual({
      kind: 'rate-limited',
      provider: 'blaxel',
      retryAfterSeconds: 30,
      message: expect.any(String),
    });
  });

  it('429 is rate limited, with Retry-After as an HTTP date', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-15T12:00:00Z'));
    expect(blaxelFailure(textResponse(429, '', { 'retry-after': 'Wed, 15 Apr 2026 12:02:00 GMT' }), CONTEXT)).toEqual({
      kind: 'rate-limited',
      provider: 'blaxel',
      retryAfterSeconds: 120,
      message: expect.any(String),
    });
  });

  it('429 without Retry-After has no retryAfterSeconds', () => {
    expect(blaxelFailure(textResponse(429), CONTEXT)).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: null });
  });

  it.each([
    [500, false],
    [501, false],
    [502, true],
    [503, true],
    [504, true],
    [426, false],
  ])('%i is a provider error, retryable %s', (status, retryable) => {
    expect(blaxelFailure(jsonResponse(status, { code: 'INTERNAL', message: 'oops' }), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'blaxel',
      status,
      code: 'INTERNAL',
      retryable,
      message: expect.stringContaining(String(status)),
    });
  });

  it('a provider error without a JSON body has no code', () => {
    expect(blaxelFailure(textResponse(502, '<html>Bad Gateway</html>'), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'blaxel',
      status: 502,
      code: null,
      retryable: true,
      message: expect.any(String),
    });
  });

  it('contract.toFailure is blaxelFailure', () => {
    expect(blaxelContract.toFailure(textResponse(403), CONTEXT)).toMatchObject({ kind: 'permission-denied' });
  });
});
