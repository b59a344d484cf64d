// Altostrat: PATCH /workspaces/{workspaceId}; description nullable; errors {type, code, message, doc_url}.
// The contract: src/providers/altostrat/CONTRACT.md (from the provider's OpenAPI document).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import { capabilitiesOf } from '../../../src/domain/capabilities';
import { altostratFacts } from '../../../src/providers/altostrat/facts';
import { altostratContract } from '../../../src/providers/altostrat/contract';
import { altostratFailure, altostratRequestBody, altostratWorkspace } from '../../../src/providers/altostrat/mapping';
import type { FailureContext } from '../../../src/providers/shared/status-failure';
import { expectDate, jsonResponse, mapped, textResponse } from '../helpers';

/**
 * The document gives no whole response example, only one `example` per property of the
 * Workspace schema; this is those examples, verbatim, as one object.
 */
const DOC_RESPONSE = {
  id: 'ws_a1b2c3d4e5f6g7h8',
  name: 'ACME Corporation',
  description: 'Primary workspace for all ACME projects.',
  billing_mode: 'pooled',
  pooled_seat_limit: 100,
  archived: false,
  created_at: '2025-10-29T00:40:06.000000Z',
  updated_at: '2025-10-29T00:40:06.000000Z',
  archived_at: null,
};

/** UpdateWorkspaceRequest's property examples, verbatim. */
const DOC_REQUEST = {
  name: 'ACME Corp. Workspace',
  description: 'Main workspace for all company operations.',
};

/** The BadRequest and ServerError examples, verbatim. */
const DOC_400 = {
  type: 'invalid_request_error',
  code: 'parameter_invalid',
  message: "The 'name' parameter cannot exceed 50 characters.",
  doc_url: 'https://docs.altostrat.io/errors/parameter_invalid',
};
const DOC_500 = {
  type: 'api_error',
  code: 'internal_server_error',
  message: 'An internal server error occurred. Please try again later.',
  doc_url: 'https://docs.altostrat.io/errors/internal_server_error',
};
/** ErrorResponse's property examples. */
const DOC_ERROR_PARAMETER_MISSING = {
  type: 'invalid_request_error',
  code: 'parameter_missing',
  message: "The 'name' parameter is required for this request.",
  doc_url: 'https://docs.altostrat.io/errors/parameter_missing',
};

const REF: WorkspaceRef = { provider: 'altostrat', segments: ['ws_a1b2c3d4e5f6g7h8'] };
const CONTEXT: FailureContext = {
  provider: 'altostrat',
  id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
  patch: { name: 'ACME Corp. Workspace' },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('Altostrat request', () => {
  it('builds the document example body from a patch', () => {
    expect(
      altostratRequestBody({ name: 'ACME Corp. Workspace', description: 'Main workspace for all company operations.' }),
    ).toStrictEqual(DOC_REQUEST);
  });

  it('sends description null as null (documented nullable: it clears the description)', () => {
    const body = altostratRequestBody({ description: null });
    expect(body).toStrictEqual({ description: null });
    expect(JSON.stringify(body)).toBe('{"description":null}');
  });

  it('sends only the fields that are set', () => {
    expect(altostratRequestBody({ name: 'n' })).toStrictEqual({ name: 'n' });
    expect(JSON.stringify(altostratRequestBody({ name: 'n' }))).toBe('{"name":"n"}');
    expect(altostratRequestBody({ description: 'd' })).toStrictEqual({ description: 'd' });
  });

  it('is PATCH workspaces/{workspaceId}', () => {
    expect(altostratContract.updateMethod).toBe('PATCH');
    expect(altostratContract.pathFor(REF)).toBe('workspaces/ws_a1b2c3d4e5f6g7h8');
    expect(altostratContract.capabilities).toEqual(capabilitiesOf(altostratFacts));
    expect(altostratContract.requestBody({ description: null })).toStrictEqual({ description: null });
  });
});

describe('Altostrat success body', () => {
  it('maps the document example, every field; microsecond timestamps become milliseconds', () => {
    const workspace = mapped(altostratWorkspace(DOC_RESPONSE));
    expect(workspace).toEqual({
      id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
      provider: 'altostrat',
      providerId: 'ws_a1b2c3d4e5f6g7h8',
      name: 'ACME Corporation',
      displayName: null,
      description: 'Primary workspace for all ACME projects.',
      createdAt: new Date('2025-10-29T00:40:06.000Z'),
      updatedAt: new Date('2025-10-29T00:40:06.000Z'),
      details: {
        provider: 'altostrat',
        billingMode: 'POOLED',
        pooledSeatLimit: 100,
        archived: false,
        archivedAt: null,
      },
    });
    expectDate(workspace.createdAt, '2025-10-29T00:40:06.000Z');
    expectDate(workspace.updatedAt, '2025-10-29T00:40:06.000Z');
    expect(altostratContract.toWorkspace(DOC_RESPONSE, REF)).toEqual(workspace);
  });

  it('keeps the milliseconds of a microsecond timestamp, and maps archived_at', () => {
    const workspace = mapped(
      altostratWorkspace({
        ...DOC_RESPONSE,
        archived: true,
        updated_at: '2025-10-30T08:15:42.987654Z',
        archived_at: '2025-10-30T08:15:42.123456Z',
      }),
    );
    expectDate(workspace.updatedAt, '2025-10-30T08:15:42.987Z');
    expect(workspace.details).toMatchObject({ archived: true });
    const details = workspace.details.provider === 'altostrat' ? workspace.details : null;
    expectDate(details?.archivedAt, '2025-10-30T08:15:42.123Z');
  });

  it.each([
    ['single', 'SINGLE'],
    ['assigned', 'ASSIGNED'],
    ['pooled', 'POOLED'],
    ['metered', null],
  ])('maps billing_mode %j to %j', (mode, expected) => {
    expect(mapped(altostratWorkspace({ ...DOC_RESPONSE, billing_mode: mode })).details).toMatchObject({
      billingMode: expected,
    });
  });

  it('reads null description and pooled_seat_limit (documented nullable) as null', () => {
    const workspace = mapped(
      altostratWorkspace({ ...DOC_RESPONSE, billing_mode: 'single', description: null, pooled_seat_limit: null }),
    );
    expect(workspace.description).toBeNull();
    expect(workspace.details).toMatchObject({ billingMode: 'SINGLE', pooledSeatLimit: null });
  });

  it('reads the optional fields as null or false when absent', () => {
    expect(altostratWorkspace({ id: 'ws_1', name: 'Bare' })).toEqual({
      id: 'altostrat:ws_1',
      provider: 'altostrat',
      providerId: 'ws_1',
      name: 'Bare',
      displayName: null,
      description: null,
      createdAt: null,
      updatedAt: null,
      details: { provider: 'altostrat', billingMode: null, pooledSeatLimit: null, archived: false, archivedAt: null },
    });
  });

  it.each([
    ['null', null],
    ['a string', 'ws_a1b2c3d4e5f6g7h8'],
    ['an array', [DOC_RESPONSE]],
    ['no name', { ...DOC_RESPONSE, name: undefined }],
    ['an empty name', { ...DOC_RESPONSE, name: '' }],
    ['no id', { ...DOC_RESPONSE, id: undefined }],
    ['a bad created_at', { ...DOC_RESPONSE, created_at: 'not a date' }],
    ['a bad updated_at', { ...DOC_RESPONSE, updated_at: '2025-10-29 00:40:06' }],
    ['a bad archived_at', { ...DOC_RESPONSE, archived_at: '29/10/2025' }],
    ['a fractional seat limit', { ...DOC_RESPONSE, pooled_seat_limit: 1.5 }],
  ])('is unusable with %s', (_what, body) => {
    expect(altostratWorkspace(body)).toBeNull();
  });
});

describe('Altostrat failures', () => {
  it("the document's 400 example is TOO_LONG on input.name", () => {
    expect(altostratFailure(jsonResponse(400, DOC_400), CONTEXT)).toEqual({
      kind: 'validation',
      message: expect.stringContaining("The 'name' parameter cannot exceed 50 characters."),
      fieldErrors: [
        { path: ['input', 'name'], code: 'TOO_LONG', message: "The 'name' parameter cannot exceed 50 characters." },
      ],
    });
  });

  it('parameter_missing is REQUIRED on the parameter', () => {
    expect(altostratFailure(jsonResponse(400, DOC_ERROR_PARAMETER_MISSING), CONTEXT)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['input', 'name'], code: 'REQUIRED' }],
    });
  });

  it('parameter_invalid on the description is INVALID on input.description', () => {
    const body = { ...DOC_400, message: "The 'description' parameter must be a string." };
    expect(altostratFailure(jsonResponse(400, body), CONTEXT)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['input', 'description'], code: 'INVALID' }],
    });
  });

  it('a parameter the input does not have is an error on the input', () => {
    const body = { ...DOC_400, message: "The 'billing_mode' parameter is invalid." };
    expect(altostratFailure(jsonResponse(400, body), CONTEXT)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['input'], code: 'INVALID' }],
    });
  });

  it('401 (no documented body) is an authentication error', () => {
    expect(altostratFailure(textResponse(401), CONTEXT)).toEqual({
      kind: 'authentication',
      provider: 'altostrat',
      message: expect.any(String),
    });
  });

  it('403 (no documented body) is permission denied', () => {
    expect(altostratFailure(textResponse(403), CONTEXT)).toEqual({
      kind: 'permission-denied',
      provider: 'altostrat',
      message: expect.any(String),
    });
  });

  it('404 (no documented body) is not found, with the id the caller used', () => {
    expect(altostratFailure(textResponse(404), CONTEXT)).toEqual({
      kind: 'not-found',
      id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
      message: expect.any(String),
    });
  });

  it("the document's 500 example is a provider error with its code, not retryable", () => {
    expect(altostratFailure(jsonResponse(500, DOC_500), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'altostrat',
      status: 500,
      code: 'internal_server_error',
      retryable: false,
      message: expect.stringContaining('An internal server error occurred.'),
    });
  });

  it('409 is a conflict on the name', () => {
    expect(
      altostratFailure(jsonResponse(409, { type: 'invalid_request_error', code: 'name_taken' }), CONTEXT),
    ).toMatchObject({ kind: 'conflict', field: 'name' });
  });

  it('429 is rate limited, with Retry-After in seconds or as an HTTP date', () => {
    expect(altostratFailure(textResponse(429, '', { 'Retry-After': '1' }), CONTEXT)).toEqual({
      kind: 'rate-limited',
      provider: 'altostrat',
      retryAfterSeconds: 1,
      message: expect.any(String),
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-15T12:00:00Z'));
    expect(
      altostratFailure(textResponse(429, '', { 'Retry-After': 'Wed, 15 Apr 2026 13:00:00 GMT' }), CONTEXT),
    ).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 3600 });
  });

  it.each([
    [502, true],
    [503, true],
    [504, true],
    [426, false],
  ])('%i is a provider error, retryable %s', (status, retryable) => {
    expect(altostratFailure(jsonResponse(status, { ...DOC_500, code: 'upstream_error' }), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'altostrat',
      status,
      code: 'upstream_error',
      retryable,
      message: expect.any(String),
    });
  });

  it('contract.toFailure is altostratFailure', () => {
    expect(altostratContract.toFailure(jsonResponse(400, DOC_400), CONTEXT)).toMatchObject({ kind: 'validation' });
  });
});
