// Vertra Cloud: PUT /workspaces/{id} with {updates:{...}}; success {response:{...}}; errors {code, message?}.
// The contract: src/providers/vertra/CONTRACT.md.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import type { FailureContext } from '../../../src/providers/shared/status-failure';
import { capabilitiesOf } from '../../../src/domain/capabilities';
import { vertraFacts } from '../../../src/providers/vertra/facts';
import { vertraContract } from '../../../src/providers/vertra/contract';
import { vertraFailure, vertraRequestBody, vertraWorkspace } from '../../../src/providers/vertra/mapping';
import { expectDate, jsonResponse, mapped, textResponse } from '../helpers';

/** The document's request example, verbatim. */
const DOC_REQUEST = {
  updates: {},
};

/** The document's response example, verbatim. */
const DOC_RESPONSE = {
  response: {
    id: 'org123',
    name: 'updatedworkspace',
    description: 'Updated description',
    tags: ['newtag', 'updated'],
    owner_id: '993591427428790342',
    created_at: '2026-03-14T19:58:00Z',
    updated_at: '2026-03-14T20:00:00Z',
    members: [
      {
        user_id: '993591427428790342',
        role: 'owner',
        joined_at: '2026-03-14T19:58:00Z',
      },
    ],
  },
};

/** The document's error example, verbatim. */
const DOC_ERROR = {
  code: 'UNAUTHORIZED',
};

const REF: WorkspaceRef = { provider: 'vertra', segments: ['org123'] };
const CONTEXT: FailureContext = { provider: 'vertra', id: 'vertra:org123', patch: { name: 'updatedworkspace' } };

const withResponse = (changes: Record<string, unknown>) => ({ response: { ...DOC_RESPONSE.response, ...changes } });

afterEach(() => {
  vi.useRealTimers();
});

describe('Vertra request', () => {
  it('wraps the changes in `updates`', () => {
    expect(
      vertraRequestBody({ name: 'updatedworkspace', description: 'Updated description', tags: ['newtag', 'updated'] }),
    ).toStrictEqual({
      updates: { name: 'updatedworkspace', description: 'Updated description', tags: ['newtag', 'updated'] },
    });
  });

  it('sends only the fields that are set', () => {
    expect(vertraRequestBody({ tags: ['a'] })).toStrictEqual({ updates: { tags: ['a'] } });
    expect(vertraRequestBody({ description: 'd' })).toStrictEqual({ updates: { description: 'd' } });
    expect(JSON.stringify(vertraRequestBody({ name: 'n' }))).toBe('{"updates":{"name":"n"}}');
    // Nothing set: the document's own example body.
    expect(vertraRequestBody({})).toStrictEqual(DOC_REQUEST);
  });

  it('replaces the whole tag set: an empty list is sent', () => {
    expect(vertraRequestBody({ tags: [] })).toStrictEqual({ updates: { tags: [] } });
  });

  it('is PUT workspaces/{id}', () => {
    expect(vertraContract.updateMethod).toBe('PUT');
    expect(vertraContract.pathFor(REF)).toBe('workspaces/org123');
    expect(vertraContract.capabilities).toEqual(capabilitiesOf(vertraFacts));
    expect(vertraContract.requestBody({ name: 'n' })).toStrictEqual({ updates: { name: 'n' } });
  });
});

describe('Vertra success body', () => {
  it('maps the document example, every field', () => {
    const workspace = mapped(vertraWorkspace(DOC_RESPONSE));
    expect(workspace).toEqual({
      id: 'vertra:org123',
      provider: 'vertra',
      providerId: 'org123',
      name: 'updatedworkspace',
      displayName: null,
      description: 'Updated description',
      createdAt: new Date('2026-03-14T19:58:00.000Z'),
      updatedAt: new Date('2026-03-14T20:00:00.000Z'),
      details: {
        provider: 'vertra',
        tags: ['newtag', 'updated'],
        ownerId: '993591427428790342',
        members: [{ userId: '993591427428790342', role: 'owner', joinedAt: new Date('2026-03-14T19:58:00.000Z') }],
      },
    });
    expectDate(workspace.createdAt, '2026-03-14T19:58:00.000Z');
    expectDate(workspace.updatedAt, '2026-03-14T20:00:00.000Z');
    const details = workspace.details.provider === 'vertra' ? workspace.details : null;
    expectDate(details?.members[0]?.joinedAt, '2026-03-14T19:58:00.000Z');
    expect(vertraContract.toWorkspace(DOC_RESPONSE, REF)).toEqual(workspace);
  });

  it('reads the optional fields as null or empty when absent', () => {
    expect(vertraWorkspace({ response: { id: 'org9', name: 'bare' } })).toEqual({
      id: 'vertra:org9',
      provider: 'vertra',
      providerId: 'org9',
      name: 'bare',
      displayName: null,
      description: null,
      createdAt: null,
      updatedAt: null,
      details: { provider: 'vertra', tags: [], ownerId: null, members: [] },
    });
    const member = vertraWorkspace(withResponse({ members: [{ user_id: 'u1', role: 'member' }] }));
    expect(mapped(member).details).toMatchObject({ members: [{ userId: 'u1', role: 'member', joinedAt: null }] });
  });

  it.each([
    ['null', null],
    ['a string', 'org123'],
    ['an array', [DOC_RESPONSE]],
    ['the bare workspace, unwrapped', DOC_RESPONSE.response],
    ['no name', withResponse({ name: undefined })],
    ['an empty name', withResponse({ name: '' })],
    ['no id', withResponse({ id: undefined })],
    ['a bad created_at', withResponse({ created_at: 'March 14th' })],
    ['a bad updated_at', withResponse({ updated_at: '2026-03-14T25:00:00Z' })],
    ['a bad joined_at', withResponse({ members: [{ user_id: 'u', role: 'owner', joined_at: 'soon' }] })],
    ['tags that are not strings', withResponse({ tags: [1, 2] })],
  ])('is unusable with %s', (_what, body) => {
    expect(vertraWorkspace(body)).toBeNull();
  });
});

describe('Vertra failures', () => {
  it.each([401, 400, 403])("the document's example (UNAUTHORIZED) is an authentication error at %i", (status) => {
    expect(vertraFailure(jsonResponse(status, DOC_ERROR), CONTEXT)).toEqual({
      kind: 'authentication',
      provider: 'vertra',
      message: expect.any(String),
    });
  });

  it.each([
    ['NAME_MUST_BE_A_STRING', 'name', 'INVALID'],
    ['DESCRIPTION_MUST_BE_A_STRING', 'description', 'INVALID'],
    ['TAGS_MUST_BE_AN_ARRAY', 'tags', 'INVALID'],
    ['NAME_TOO_LONG', 'name', 'TOO_LONG'],
    ['DESCRIPTION_TOO_LONG', 'description', 'TOO_LONG'],
  ])('%s is a validation error on input.%s (%s)', (code, field, fieldCode) => {
    expect(vertraFailure(jsonResponse(400, { code }), CONTEXT)).toEqual({
      kind: 'validation',
      message: expect.any(String),
      fieldErrors: [{ path: ['input', field], code: fieldCode, message: expect.any(String) }],
    });
  });

  it('a documented code takes precedence over the status', () => {
    for (const status of [409, 422, 500]) {
      expect(vertraFailure(jsonResponse(status, { code: 'NAME_TOO_LONG' }), CONTEXT)).toMatchObject({
        kind: 'validation',
        fieldErrors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
      });
    }
  });

  it("carries the provider's message where there is one", () => {
    const body = { code: 'DESCRIPTION_TOO_LONG', message: 'Description must be at most 200 characters' };
    expect(vertraFailure(jsonResponse(400, body), CONTEXT)).toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('Description must be at most 200 characters'),
    });
  });

  it('TAG_TOO_LONG points at the first too-long tag of the patch', () => {
    const patch = { tags: ['ok', '😀'.repeat(20), 'x'.repeat(21), 'y'.repeat(30)] };
    expect(vertraFailure(jsonResponse(400, { code: 'TAG_TOO_LONG' }), { ...CONTEXT, patch })).toEqual({
      kind: 'validation',
      message: expect.any(String),
      fieldErrors: [{ path: ['input', 'tags', '2'], code: 'TOO_LONG', message: expect.any(String) }],
    });
    expect(
      vertraFailure(jsonResponse(400, { code: 'TAG_TOO_LONG' }), { ...CONTEXT, patch: { tags: ['a'.repeat(21)] } }),
    ).toMatchObject({ fieldErrors: [{ path: ['input', 'tags', '0'] }] });
  });

  it('TAG_TOO_LONG points at the tags when no tag of the patch is too long', () => {
    expect(
      vertraFailure(jsonResponse(400, { code: 'TAG_TOO_LONG' }), { ...CONTEXT, patch: { tags: ['short'] } }),
    ).toMatchObject({ fieldErrors: [{ path: ['input', 'tags'], code: 'TOO_LONG' }] });
    expect(
      vertraFailure(jsonResponse(400, { code: 'TAG_TOO_LONG' }), { provider: 'vertra', id: 'vertra:x' }),
    ).toMatchObject({ fieldErrors: [{ path: ['input', 'tags'], code: 'TOO_LONG' }] });
  });

  it.each([400, 409, 422, 500])('ORGANIZATION_NAME_ALREADY_EXISTS is a conflict on the name at %i', (status) => {
    expect(
      vertraFailure(
        jsonResponse(status, {
          code: 'ORGANIZATION_NAME_ALREADY_EXISTS',
          message: 'An workspace with the provided name already exists.',
        }),
        CONTEXT,
      ),
    ).toEqual({
      kind: 'conflict',
      field: 'name',
      message: expect.stringContaining('An workspace with the provided name already exists.'),
    });
  });

  it('without a documented code: by status', () => {
    expect(vertraFailure(textResponse(401), CONTEXT)).toMatchObject({ kind: 'authentication', provider: 'vertra' });
    expect(vertraFailure(jsonResponse(403, { code: 'FORBIDDEN' }), CONTEXT)).toEqual({
      kind: 'permission-denied',
      provider: 'vertra',
      message: expect.any(String),
    });
    expect(vertraFailure(jsonResponse(404, { code: 'NOT_FOUND' }), CONTEXT)).toEqual({
      kind: 'not-found',
      id: 'vertra:org123',
      message: expect.any(String),
    });
    expect(vertraFailure(textResponse(409), CONTEXT)).toMatchObject({ kind: 'conflict', field: 'name' });
    expect(vertraFailure(jsonResponse(400, { code: 'SOMETHING_NEW', message: 'nope' }), CONTEXT)).toEqual({
      kind: 'validation',
      message: expect.stringContaining('nope'),
      fieldErrors: [{ path: ['input'], code: 'INVALID', message: 'nope' }],
    });
  });

  it('429 is rate limited, with Retry-After in seconds or as an HTTP date', () => {
    expect(vertraFailure(jsonResponse(429, { code: 'RATE_LIMITED' }, { 'Retry-After': '3' }), CONTEXT)).toEqual({
      kind: 'rate-limited',
      provider: 'vertra',
      retryAfterSeconds: 3,
      message: expect.any(String),
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-15T12:00:00Z'));
    expect(
      vertraFailure(textResponse(429, '', { 'Retry-After': 'Wed, 15 Apr 2026 12:10:00 GMT' }), CONTEXT),
    ).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 600 });
  });

  it.each([
    [500, false],
    [502, true],
    [503, true],
    [504, true],
    [426, false],
  ])("%i is a provider error with Vertra's code, retryable %s", (status, retryable) => {
    expect(vertraFailure(jsonResponse(status, { code: 'INTERNAL_ERROR', message: 'boom' }), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'vertra',
      status,
      code: 'INTERNAL_ERROR',
      retryable,
      message: expect.stringContaining('boom'),
    });
  });

  it('contract.toFailure is vertraFailure', () => {
    expect(vertraContract.toFailure(jsonResponse(401, DOC_ERROR), CONTEXT)).toMatchObject({ kind: 'authentication' });
  });
});
