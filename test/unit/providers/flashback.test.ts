// Flashback: PUT /workspace/{id} with {name}; {success, workspace:{id,name,orgId}}; {success:false, message}.
// The contract: src/providers/flashback/CONTRACT.md.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import { capabilitiesOf } from '../../../src/domain/capabilities';
import { flashbackFacts } from '../../../src/providers/flashback/facts';
import { flashbackContract } from '../../../src/providers/flashback/contract';
import { flashbackFailure, flashbackRequestBody, flashbackWorkspace } from '../../../src/providers/flashback/mapping';
import type { FailureContext } from '../../../src/providers/shared/status-failure';
import { jsonResponse, mapped, textResponse } from '../helpers';

/** The document's body parameter, verbatim. */
const DOC_REQUEST = {
  name: 'Updated Development Workspace',
};

/** The document's 200 response, verbatim. */
const DOC_RESPONSE = {
  success: true,
  workspace: {
    id: '123e4567-e89b-12d3-a456-426614174000',
    name: 'Updated Development Workspace',
    orgId: '987fcdeb-51a2-43d1-9f12-345678901234',
  },
};

/** The document's error responses, verbatim. */
const DOC_400 = { success: false, message: 'User not found or account is not validated' };
const DOC_403 = { success: false, message: 'Insufficient permissions to update workspace' };
const DOC_404 = { success: false, message: 'Workspace not found' };
const DOC_500 = { success: false, message: 'Failed to update workspace' };

const WORKSPACE_ID = '123e4567-e89b-12d3-a456-426614174000';
const REF: WorkspaceRef = { provider: 'flashback', segments: [WORKSPACE_ID] };
const CONTEXT: FailureContext = {
  provider: 'flashback',
  id: `flashback:${WORKSPACE_ID}`,
  patch: { name: 'Updated Development Workspace' },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('Flashback request', () => {
  it('builds the document example body from a patch', () => {
    expect(flashbackRequestBody({ name: 'Updated Development Workspace' })).toStrictEqual(DOC_REQUEST);
  });

  it('sends nothing but the name', () => {
    expect(flashbackRequestBody({})).toStrictEqual({});
    expect(JSON.stringify(flashbackRequestBody({ name: 'x' }))).toBe('{"name":"x"}');
  });

  it('is PUT workspace/{id}', () => {
    expect(flashbackContract.updateMethod).toBe('PUT');
    expect(flashbackContract.pathFor(REF)).toBe('workspace/123e4567-e89b-12d3-a456-426614174000');
    expect(flashbackContract.capabilities).toEqual(capabilitiesOf(flashbackFacts));
    expect(flashbackContract.requestBody({ name: 'n' })).toStrictEqual({ name: 'n' });
  });
});

describe('Flashback success body', () => {
  it('maps the document example, every field', () => {
    const workspace = mapped(flashbackWorkspace(DOC_RESPONSE));
    expect(workspace).toStrictEqual({
      id: 'flashback:123e4567-e89b-12d3-a456-426614174000',
      provider: 'flashback',
      providerId: '123e4567-e89b-12d3-a456-426614174000',
      name: 'Updated Development Workspace',
      displayName: null,
      description: null,
      // Flashback documents no timestamps.
      createdAt: null,
      updatedAt: null,
      details: { provider: 'flashback', organizationId: '987fcdeb-51a2-43d1-9f12-345678901234' },
    });
    expect(flashbackContract.toWorkspace(DOC_RESPONSE, REF)).toStrictEqual(workspace);
  });

  it('takes the id from the body', () => {
    const body = { ...DOC_RESPONSE, workspace: { ...DOC_RESPONSE.workspace, id: 'other-id' } };
    expect(mapped(flashbackWorkspace(body)).id).toBe('flashback:other-id');
  });

  // Flashback has no DateTime fields, so there is no bad-date case.
  it.each([
    ['null', null],
    ['a string', 'ok'],
    ['an array', [DOC_RESPONSE]],
    ['the bare workspace, unwrapped', DOC_RESPONSE.workspace],
    ['success false', { ...DOC_RESPONSE, success: false }],
    ['no success flag', { workspace: DOC_RESPONSE.workspace }],
    ['no name', { success: true, workspace: { ...DOC_RESPONSE.workspace, name: undefined } }],
    ['an empty name', { success: true, workspace: { ...DOC_RESPONSE.workspace, name: '' } }],
    ['no id', { success: true, workspace: { ...DOC_RESPONSE.workspace, id: undefined } }],
    ['no orgId', { success: true, workspace: { ...DOC_RESPONSE.workspace, orgId: undefined } }],
  ])('is unusable with %s', (_what, body) => {
    expect(flashbackWorkspace(body)).toBeNull();
  });
});

describe('Flashback failures', () => {
  it("the documented 400 ('user not found or account is not validated') is an authentication error", () => {
    expect(flashbackFailure(jsonResponse(400, DOC_400), CONTEXT)).toEqual({
      kind: 'authentication',
      provider: 'flashback',
      message: expect.stringContaining('User not found or account is not validated'),
    });
    // Also without a body.
    expect(flashbackFailure(textResponse(400), CONTEXT)).toMatchObject({ kind: 'authentication' });
  });

  it('the documented 403 is permission denied', () => {
    expect(flashbackFailure(jsonResponse(403, DOC_403), CONTEXT)).toEqual({
      kind: 'permission-denied',
      provider: 'flashback',
      message: expect.stringContaining('Insufficient permissions to update workspace'),
    });
  });

  it('the documented 404 is not found, with the id the caller used', () => {
    expect(flashbackFailure(jsonResponse(404, DOC_404), CONTEXT)).toEqual({
      kind: 'not-found',
      id: 'flashback:123e4567-e89b-12d3-a456-426614174000',
      message: expect.any(String),
    });
  });

  it('the documented 500 is a provider error, not retryable, without a code', () => {
    expect(flashbackFailure(jsonResponse(500, DOC_500), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'flashback',
      status: 500,
      code: null,
      retryable: false,
      message: expect.stringContaining('Failed to update workspace'),
    });
  });

  it('401 is an authentication error', () => {
    expect(flashbackFailure(textResponse(401), CONTEXT)).toMatchObject({
      kind: 'authentication',
      provider: 'flashback',
    });
  });

  it('a name that already exists is a conflict on the name, whatever the status', () => {
    for (const status of [400, 409, 500]) {
      expect(
        flashbackFailure(
          jsonResponse(status, { success: false, message: 'A workspace with this name already exists' }),
          CONTEXT,
        ),
      ).toEqual({ kind: 'conflict', field: 'name', message: expect.stringContaining('already exists') });
    }
    expect(flashbackFailure(textResponse(409), CONTEXT)).toMatchObject({ kind: 'conflict', field: 'name' });
  });

  it('429 is rate limited, with Retry-After in seconds or as an HTTP date', () => {
    expect(flashbackFailure(textResponse(429, '', { 'Retry-After': '5' }), CONTEXT)).toEqual({
      kind: 'rate-limited',
      provider: 'flashback',
      retryAfterSeconds: 5,
      message: expect.any(String),
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-15T12:00:00Z'));
    expect(
      flashbackFailure(textResponse(429, '', { 'Retry-After': 'Wed, 15 Apr 2026 12:01:00 GMT' }), CONTEXT),
    ).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 60 });
  });

  it.each([
    [502, true],
    [503, true],
    [504, true],
    [426, false],
  ])('%i is a provider error, retryable %s', (status, retryable) => {
    expect(flashbackFailure(textResponse(status, 'upstream trouble'), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'flashback',
      status,
      code: null,
      retryable,
      message: expect.stringContaining(String(status)),
    });
  });

  it('contract.toFailure is flashbackFailure', () => {
    expect(flashbackContract.toFailure(jsonResponse(400, DOC_400), CONTEXT)).toMatchObject({
      kind: 'authentication',
    });
  });
});
