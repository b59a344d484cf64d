// Dreadnode: PUT /org/{org}/ws/{ws}; snake_case fields; error envelope {code, detail, type, errors?}.
// The contract: src/providers/dreadnode/CONTRACT.md.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import { capabilitiesOf } from '../../../src/domain/capabilities';
import { dreadnodeFacts } from '../../../src/providers/dreadnode/facts';
import { dreadnodeContract } from '../../../src/providers/dreadnode/contract';
import { dreadnodeFailure, dreadnodeRequestBody, dreadnodeWorkspace } from '../../../src/providers/dreadnode/mapping';
import type { FailureContext } from '../../../src/providers/shared/status-failure';
import { expectDate, jsonResponse, mapped, textResponse } from '../helpers';

/** The document's request body, verbatim (the `body:` string of its fetch example). */
const DOC_REQUEST_JSON = '{"description":"example","is_active":true,"key":"example","name":"example"}';

/** The document's "Successful Response" example, verbatim. */
const DOC_RESPONSE = {
  created_at: '2026-04-15T12:00:00Z',
  created_by: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0',
  description: 'example',
  id: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0',
  is_active: true,
  is_default: true,
  key: 'example',
  name: 'example',
  org_id: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0',
  org_name: 'example',
  project_count: 1,
  updated_at: '2026-04-15T12:00:00Z',
};

/** The document's error example, verbatim (it shows the same one under every status). */
const DOC_ERROR = { code: 401, detail: 'Authentication failed', type: 'authentication_error' };

const REF: WorkspaceRef = { provider: 'dreadnode', segments: ['acme', 'research'] };
const CONTEXT: FailureContext = { provider: 'dreadnode', id: 'dreadnode:acme/research', patch: { isActive: false } };

afterEach(() => {
  vi.useRealTimers();
});

describe('Dreadnode request', () => {
  it('builds the document example body from a patch, under snake_case names', () => {
    const body = dreadnodeRequestBody({ description: 'example', isActive: true, key: 'example', name: 'example' });
    expect(body).toStrictEqual(JSON.parse(DOC_REQUEST_JSON));
    expect(JSON.stringify(body)).toBe(DOC_REQUEST_JSON);
  });

  it('sends only the fields that are set, and isActive false as is_active false', () => {
    expect(dreadnodeRequestBody({ isActive: false })).toStrictEqual({ is_active: false });
    expect(dreadnodeRequestBody({ name: 'Research' })).toStrictEqual({ name: 'Research' });
    expect(dreadnodeRequestBody({ key: 'research-2' })).toStrictEqual({ key: 'research-2' });
    expect(dreadnodeRequestBody({ description: '' })).toStrictEqual({ description: '' });
  });

  it('is PUT org/{org}/ws/{ws}', () => {
    expect(dreadnodeContract.updateMethod).toBe('PUT');
    expect(dreadnodeContract.pathFor(REF)).toBe('org/acme/ws/research');
    expect(dreadnodeContract.pathFor({ provider: 'dreadnode', segments: ['example', 'example'] })).toBe(
      'org/example/ws/example',
    );
    expect(dreadnodeContract.capabilities).toEqual(capabilitiesOf(dreadnodeFacts));
    expect(dreadnodeContract.requestBody({ isActive: true })).toStrictEqual({ is_active: true });
  });
});

describe('Dreadnode success body', () => {
  it('maps the document example, every field; org slug from the ref, ws slug from `key`', () => {
    const workspace = mapped(dreadnodeWorkspace(DOC_RESPONSE, REF));
    expect(workspace).toEqual({
      id: 'dreadnode:acme/example',
      provider: 'dreadnode',
      providerId: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0',
      name: 'example',
      displayName: null,
      description: 'example',
      createdAt: new Date('2026-04-15T12:00:00.000Z'),
      updatedAt: new Date('2026-04-15T12:00:00.000Z'),
      details: {
        provider: 'dreadnode',
        key: 'example',
        isActive: true,
        isDefault: true,
        organizationId: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0',
        organizationName: 'example',
        projectCount: 1,
        createdBy: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0',
      },
    });
    expectDate(workspace.createdAt, '2026-04-15T12:00:00.000Z');
    expectDate(workspace.updatedAt, '2026-04-15T12:00:00.000Z');
    expect(dreadnodeContract.toWorkspace(DOC_RESPONSE, REF)).toEqual(workspace);
  });

  it('keeps the org slug of the request even when org_name differs (a key change moves only the ws slug)', () => {
    const workspace = mapped(dreadnodeWorkspace({ ...DOC_RESPONSE, key: 'research-2', org_name: 'Acme Inc.' }, REF));
    expect(workspace.id).toBe('dreadnode:acme/research-2');
    expect(workspace.details).toMatchObject({ key: 'research-2', organizationName: 'Acme Inc.' });
  });

  it('falls back to the requested ws slug when the body has no key', () => {
    const workspace = mapped(dreadnodeWorkspace({ ...DOC_RESPONSE, key: undefined }, REF));
    expect(workspace.id).toBe('dreadnode:acme/research');
    expect(workspace.details).toMatchObject({ key: 'research' });
  });

  it('reads the optional fields as null when absent', () => {
    const workspace = mapped(
      dreadnodeWorkspace(
        { id: 'w1', name: 'Bare', key: 'bare', is_active: false, is_default: false, org_id: 'o1' },
        REF,
      ),
    );
    expect(workspace).toEqual({
      id: 'dreadnode:acme/bare',
      provider: 'dreadnode',
      providerId: 'w1',
      name: 'Bare',
      displayName: null,
      description: null,
      createdAt: null,
      updatedAt: null,
      details: {
        provider: 'dreadnode',
        key: 'bare',
        isActive: false,
        isDefault: false,
        organizationId: 'o1',
        organizationName: null,
        projectCount: null,
        createdBy: null,
      },
    });
  });

  it.each([
    ['null', null],
    ['a string', 'example'],
    ['an array', [DOC_RESPONSE]],
    ['no name', { ...DOC_RESPONSE, name: undefined }],
    ['an empty name', { ...DOC_RESPONSE, name: '' }],
    ['no id', { ...DOC_RESPONSE, id: undefined }],
    ['a bad created_at', { ...DOC_RESPONSE, created_at: 'not a date' }],
    ['a bad updated_at', { ...DOC_RESPONSE, updated_at: '2026-13-01T00:00:00Z' }],
    ['is_active not a boolean', { ...DOC_RESPONSE, is_active: 'yes' }],
  ])('is unusable with %s', (_what, body) => {
    expect(dreadnodeWorkspace(body, REF)).toBeNull();
  });
});

describe('Dreadnode failures', () => {
  it('400 is a validation error, with the detail', () => {
    expect(
      dreadnodeFailure(jsonResponse(400, { code: 400, detail: 'Invalid request', type: 'bad_request' }), CONTEXT),
    ).toEqual({
      kind: 'validation',
      message: expect.stringContaining('Invalid request'),
      fieldErrors: [{ path: ['input'], code: 'INVALID', message: 'Invalid request' }],
    });
  });

  it('422 maps errors[].loc to the input field', () => {
    const body = {
      code: 422,
      detail: 'Validation error',
      type: 'validation_error',
      errors: [
        { loc: ['body', 'is_active'], msg: 'Input should be a valid boolean', type: 'bool_type' },
        { loc: ['body', 'name'], msg: 'String should have at most 64 characters', type: 'string_too_long' },
        { loc: ['body', 'key'], msg: 'Key is invalid', type: 'value_error' },
        { loc: ['body', 'description'], msg: 'Too long', type: 'string_too_long' },
        { loc: ['path', 'org'], msg: 'Unknown location', type: 'value_error' },
      ],
    };
    expect(dreadnodeFailure(jsonResponse(422, body), CONTEXT)).toEqual({
      kind: 'validation',
      message: expect.stringContaining('Validation error'),
      fieldErrors: [
        { path: ['input', 'isActive'], code: 'INVALID', message: 'Input should be a valid boolean' },
        { path: ['input', 'name'], code: 'TOO_LONG', message: 'String should have at most 64 characters' },
        { path: ['input', 'key'], code: 'INVALID', message: 'Key is invalid' },
        { path: ['input', 'description'], code: 'TOO_LONG', message: 'Too long' },
        { path: ['input'], code: 'INVALID', message: 'Unknown location' },
      ],
    });
  });

  it('422 with numeric loc parts and no msg still maps', () => {
    const body = { code: 422, detail: 'Validation error', type: 'validation_error', errors: [{ loc: ['body', 0] }] };
    expect(dreadnodeFailure(jsonResponse(422, body), CONTEXT)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['input'], code: 'INVALID', message: 'Validation error' }],
    });
  });

  it("401 with the document's example is an authentication error", () => {
    expect(dreadnodeFailure(jsonResponse(401, DOC_ERROR), CONTEXT)).toEqual({
      kind: 'authentication',
      provider: 'dreadnode',
      message: expect.stringContaining('Authentication failed'),
    });
  });

  it("maps the document's generic example by status: it shows the same envelope under every status", () => {
    // The example (type authentication_error) is printed under 400 ... 504 alike, so it is not
    // a documented code that could override the status.
    const kinds = [400, 401, 403, 404, 409, 422, 426, 429, 500, 502, 504].map(
      (status) => dreadnodeFailure(jsonResponse(status, DOC_ERROR), CONTEXT).kind,
    );
    expect(kinds).toEqual([
      'validation',
      'authentication',
      'permission-denied',
      'not-found',
      'conflict',
      'validation',
      'provider',
      'rate-limited',
      'provider',
      'provider',
      'provider',
    ]);
    expect(dreadnodeFailure(jsonResponse(500, DOC_ERROR), CONTEXT)).toMatchObject({
      code: 'authentication_error',
      retryable: false,
    });
  });

  it('403 is permission denied', () => {
    expect(
      dreadnodeFailure(
        jsonResponse(403, { code: 403, detail: 'Access forbidden', type: 'permission_denied' }),
        CONTEXT,
      ),
    ).toEqual({
      kind: 'permission-denied',
      provider: 'dreadnode',
      message: expect.stringContaining('Access forbidden'),
    });
  });

  it('404 is not found, with the id the caller used', () => {
    expect(dreadnodeFailure(jsonResponse(404, { code: 404, detail: 'Not found', type: 'not_found' }), CONTEXT)).toEqual(
      { kind: 'not-found', id: 'dreadnode:acme/research', message: expect.any(String) },
    );
  });

  it('409 is a conflict, on the field the detail names', () => {
    const body = { code: 409, detail: 'Workspace with this key already exists', type: 'conflict' };
    expect(dreadnodeFailure(jsonResponse(409, body), CONTEXT)).toEqual({
      kind: 'conflict',
      field: 'key',
      message: expect.stringContaining('Workspace with this key already exists'),
    });
  });

  it('409 is a conflict on the only unique field that was sent when the detail does not say', () => {
    const body = { code: 409, detail: 'Already exists', type: 'conflict' };
    expect(dreadnodeFailure(jsonResponse(409, body), { ...CONTEXT, patch: { name: 'Taken' } })).toMatchObject({
      kind: 'conflict',
      field: 'name',
    });
    expect(dreadnodeFailure(jsonResponse(409, body), { ...CONTEXT, patch: { key: 'taken' } })).toMatchObject({
      kind: 'conflict',
      field: 'key',
    });
    expect(
      dreadnodeFailure(jsonResponse(409, body), { ...CONTEXT, patch: { key: 'taken', name: 'Taken' } }),
    ).toMatchObject({ kind: 'conflict', field: null });
  });

  it('409 with errors[] is a conflict on that field', () => {
    const body = { code: 409, detail: 'Already exists', type: 'conflict', errors: [{ loc: ['body', 'name'] }] };
    expect(dreadnodeFailure(jsonResponse(409, body), CONTEXT)).toMatchObject({ kind: 'conflict', field: 'name' });
  });

  it('426 is a provider error, not retryable, with `type` as its code', () => {
    const body = { code: 426, detail: 'Upgrade required', type: 'upgrade_required' };
    expect(dreadnodeFailure(jsonResponse(426, body), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'dreadnode',
      status: 426,
      code: 'upgrade_required',
      retryable: false,
      message: expect.stringContaining('Upgrade required'),
    });
  });

  it('429 is rate limited, with Retry-After in seconds or as an HTTP date', () => {
    const body = { code: 429, detail: 'Rate limited', type: 'rate_limited' };
    expect(dreadnodeFailure(jsonResponse(429, body, { 'Retry-After': '12' }), CONTEXT)).toEqual({
      kind: 'rate-limited',
      provider: 'dreadnode',
      retryAfterSeconds: 12,
      message: expect.stringContaining('Rate limited'),
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-15T12:00:00Z'));
    expect(
      dreadnodeFailure(jsonResponse(429, body, { 'Retry-After': 'Wed, 15 Apr 2026 12:00:45 GMT' }), CONTEXT),
    ).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 45 });
  });

  it.each([
    [500, 'Internal server error', 'internal_error', false],
    [502, 'Bad gateway', 'bad_gateway', true],
    [504, 'Gateway timeout', 'gateway_timeout', true],
    [503, 'Unavailable', 'service_unavailable', true],
  ])('%i is a provider error with its type as code', (status, detail, type, retryable) => {
    expect(dreadnodeFailure(jsonResponse(status, { code: status, detail, type }), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'dreadnode',
      status,
      code: type,
      retryable,
      message: expect.stringContaining(detail),
    });
  });

  it('a 502 without a JSON envelope is a retryable provider error without a code', () => {
    expect(dreadnodeFailure(textResponse(502, 'Bad Gateway'), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'dreadnode',
      status: 502,
      code: null,
      retryable: true,
      message: expect.any(String),
    });
  });

  it('contract.toFailure is dreadnodeFailure', () => {
    expect(dreadnodeContract.toFailure(jsonResponse(401, DOC_ERROR), CONTEXT)).toMatchObject({
      kind: 'authentication',
    });
  });
});
