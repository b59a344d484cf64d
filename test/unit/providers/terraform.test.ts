// HCP Terraform: PATCH /workspaces/{ws- id} with a JSON:API document; reads GET the same path.
// The contract: src/providers/terraform/CONTRACT.md (its sections are the "§n" below; its section 7
// has the choices the provider's documentation leaves).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { capabilitiesOf } from '../../../src/domain/capabilities';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import { validatePatch } from '../../../src/domain/validate-patch';
import { PROVIDERS } from '../../../src/providers';
import type { FailureContext } from '../../../src/providers/shared/status-failure';
import { terraformContract } from '../../../src/providers/terraform/contract';
import { terraformFacts } from '../../../src/providers/terraform/facts';
import { terraformFailure, terraformRequestBody, terraformWorkspace } from '../../../src/providers/terraform/mapping';
import { expectDate, jsonResponse, mapped, textResponse } from '../helpers';

const WS = 'ws-KTuq99JSzgmDSvYj';
const REF: WorkspaceRef = { provider: 'terraform', segments: [WS] };
const CONTEXT: FailureContext = { provider: 'terraform', id: `terraform:${WS}`, patch: { name: 'billing-prod' } };

/** §2's request example, verbatim. */
const DOC_REQUEST = {
  data: {
    type: 'workspaces',
    attributes: {
      name: 'billing-prod',
      description: 'Billing service, production',
      'auto-apply': true,
      'execution-mode': 'remote',
      'terraform-version': '1.9.4',
      'working-directory': 'envs/prod',
    },
  },
};

/** §3's success example, verbatim (the same shape as GET, §6). */
const DOC_RESPONSE = {
  data: {
    id: 'ws-KTuq99JSzgmDSvYj',
    type: 'workspaces',
    attributes: {
      name: 'billing-prod',
      description: 'Billing service, production',
      'created-at': '2021-08-16T21:50:58.726Z',
      'updated-at': '2024-05-02T09:14:31.102Z',
      'auto-apply': true,
      'auto-apply-run-trigger': false,
      'execution-mode': 'remote',
      'terraform-version': '1.9.4',
      'working-directory': 'envs/prod',
      'allow-destroy-plan': true,
      'speculative-enabled': true,
      'global-remote-state': false,
      locked: false,
      'locked-reason': '',
      'resource-count': 10,
      environment: 'default',
      'latest-change-at': '2021-08-16T21:50:58.726Z',
      'vcs-repo': null,
      'vcs-repo-identifier': null,
      'setting-overwrites': { 'execution-mode': false, 'agent-pool': false },
    },
    relationships: {
      organization: { data: { id: 'my-organization', type: 'organizations' } },
      project: { data: { id: 'prj-jT92VLSFpv8FwKtc', type: 'projects' } },
    },
    links: {
      self: '/api/v2/organizations/my-organization/workspaces/billing-prod',
      'self-html': '/app/my-organization/workspaces/billing-prod',
    },
  },
};

/** §4's duplicate-name 422, verbatim. */
const DOC_422_TAKEN = {
  errors: [
    {
      status: '422',
      title: 'invalid attribute',
      detail: 'Name has already been taken',
      source: { pointer: '/data/attributes/name' },
    },
  ],
};

/** §5's 429, verbatim: its status is a number. */
const DOC_429 = {
  errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: 'Too many requests' }],
};

/** The shape of §4's error object with a given status, title, detail and pointer. */
function errorObject(status: string | number, title: string, detail?: string, pointer?: string) {
  return {
    status,
    title,
    ...(detail === undefined ? {} : { detail }),
    ...(pointer === undefined ? {} : { source: { pointer } }),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('HCP Terraform facts', () => {
  it('registers name, label, id shape and its four input fields', () => {
    expect(PROVIDERS.terraform.facts).toBe(terraformFacts);
    expect(terraformFacts.name).toBe('terraform');
    expect(terraformFacts.reference).toEqual({ segments: 1, shape: '<workspace id>', example: WS });
    expect(Object.keys(terraformFacts.inputFields)).toEqual([
      'autoApply',
      'executionMode',
      'terraformVersion',
      'workingDirectory',
    ]);
    expect(Object.keys(terraformFacts.fields).sort()).toEqual(
      ['autoApply', 'description', 'executionMode', 'name', 'terraformVersion', 'workingDirectory'].sort(),
    );
  });

  it('name: 1-90 letters, digits, - and _; null refused for every field; others UNSUPPORTED_FIELD', () => {
    const capabilities = terraformContract.capabilities;
    expect(validatePatch({ name: 'a'.repeat(90) }, capabilities)).toEqual([]);
    expect(validatePatch({ name: 'a'.repeat(91) }, capabilities)).toMatchObject([
      { path: ['input', 'name'], code: 'TOO_LONG' },
    ]);
    for (const name of ['', 'billing prod', 'billing/prod', 'bílling']) {
      expect(validatePatch({ name }, capabilities)).toMatchObject([{ path: ['input', 'name'], code: 'INVALID' }]);
    }
    for (const field of Object.keys(terraformFacts.fields)) {
      expect(validatePatch({ [field]: null }, capabilities)).toMatchObject([
        { path: ['input', field], code: 'INVALID' },
      ]);
    }
    expect(validatePatch({ tags: ['x'] }, capabilities)).toMatchObject([
      { path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD' },
    ]);
    // Its own fields are no other provider's.
    for (const other of Object.values(PROVIDERS).filter((p) => p.facts.name !== terraformFacts.name)) {
      expect(validatePatch({ terraformVersion: '1.9.4' }, other.capabilities)).toMatchObject([
        { path: ['input', 'terraformVersion'], code: 'UNSUPPORTED_FIELD' },
      ]);
    }
  });
});

describe('HCP Terraform request', () => {
  it("builds §2's example document from a patch", () => {
    expect(
      terraformRequestBody({
        name: 'billing-prod',
        description: 'Billing service, production',
        autoApply: true,
        executionMode: 'REMOTE',
        terraformVersion: '1.9.4',
        workingDirectory: 'envs/prod',
      }),
    ).toStrictEqual(DOC_REQUEST);
  });

  it('sends only the fields that are set, under their kebab-case names', () => {
    expect(JSON.stringify(terraformRequestBody({ autoApply: false }))).toBe(
      '{"data":{"type":"workspaces","attributes":{"auto-apply":false}}}',
    );
    expect(terraformRequestBody({ name: 'n' })).toStrictEqual({
      data: { type: 'workspaces', attributes: { name: 'n' } },
    });
  });

  it.each([
    ['REMOTE', 'remote'],
    ['LOCAL', 'local'],
    ['AGENT', 'agent'],
  ] as const)('sends executionMode %s as %j', (mode, sent) => {
    expect(terraformRequestBody({ executionMode: mode }).data.attributes).toStrictEqual({ 'execution-mode': sent });
  });

  it('is PATCH workspaces/{ws- id}, JSON:API both ways', () => {
    expect(terraformContract.updateMethod).toBe('PATCH');
    expect(terraformContract.pathFor(REF)).toBe(`workspaces/${WS}`);
    expect(terraformContract.capabilities).toEqual(capabilitiesOf(terraformFacts));
    expect(terraformContract.requestHeaders).toEqual({
      'content-type': 'application/vnd.api+json',
      accept: 'application/vnd.api+json',
    });
    expect(terraformContract.requestBody({ workingDirectory: 'envs/prod' })).toStrictEqual({
      data: { type: 'workspaces', attributes: { 'working-directory': 'envs/prod' } },
    });
  });
});

describe('HCP Terraform success body', () => {
  it("maps §3's example, every field; the id is the ws- id", () => {
    const workspace = mapped(terraformWorkspace(DOC_RESPONSE));
    expect(workspace).toEqual({
      id: `terraform:${WS}`,
      provider: 'terraform',
      providerId: WS,
      name: 'billing-prod',
      displayName: null,
      description: 'Billing service, production',
      createdAt: new Date('2021-08-16T21:50:58.726Z'),
      updatedAt: new Date('2024-05-02T09:14:31.102Z'),
      details: {
        provider: 'terraform',
        organizationName: 'my-organization',
        executionMode: 'REMOTE',
        autoApply: true,
        terraformVersion: '1.9.4',
        workingDirectory: 'envs/prod',
        locked: false,
        resourceCount: 10,
        environment: 'default',
        projectId: 'prj-jT92VLSFpv8FwKtc',
      },
    });
    expectDate(workspace.createdAt, '2021-08-16T21:50:58.726Z');
    expect(terraformContract.toWorkspace(DOC_RESPONSE, REF)).toEqual(workspace);
  });

  it('a rename keeps the id (the ws- id, not the name or links.self)', () => {
    const renamed = {
      data: {
        ...DOC_RESPONSE.data,
        attributes: { ...DOC_RESPONSE.data.attributes, name: 'billing-production' },
        links: { self: '/api/v2/organizations/my-organization/workspaces/billing-production' },
      },
    };
    expect(terraformWorkspace(renamed)).toMatchObject({ id: `terraform:${WS}`, name: 'billing-production' });
  });

  it.each([
    ['local', 'LOCAL'],
    ['agent', 'AGENT'],
    ['REMOTE', 'REMOTE'],
    ['something-new', null],
    [null, null],
  ])('maps execution-mode %j to %j', (mode, expected) => {
    const body = {
      data: { ...DOC_RESPONSE.data, attributes: { ...DOC_RESPONSE.data.attributes, 'execution-mode': mode } },
    };
    expect(mapped(terraformWorkspace(body)).details).toMatchObject({ executionMode: expected });
  });

  it('reads the nulls the samples show (description, working-directory) as null, and "" as ""', () => {
    const attributes = { ...DOC_RESPONSE.data.attributes, description: null, 'working-directory': null, locked: true };
    expect(mapped(terraformWorkspace({ data: { ...DOC_RESPONSE.data, attributes } }))).toMatchObject({
      description: null,
      details: { workingDirectory: null, locked: true },
    });
    const empty = { ...DOC_RESPONSE.data.attributes, 'working-directory': '' };
    expect(mapped(terraformWorkspace({ data: { ...DOC_RESPONSE.data, attributes: empty } })).details).toMatchObject({
      workingDirectory: '',
    });
  });

  it('a minimal document (type, id, name) is usable; the rest reads as null or false', () => {
    expect(terraformWorkspace({ data: { id: WS, type: 'workspaces', attributes: { name: 'bare' } } })).toEqual({
      id: `terraform:${WS}`,
      provider: 'terraform',
      providerId: WS,
      name: 'bare',
      displayName: null,
      description: null,
      createdAt: null,
      updatedAt: null,
      details: {
        provider: 'terraform',
        organizationName: '',
        executionMode: null,
        autoApply: false,
        terraformVersion: null,
        workingDirectory: null,
        locked: false,
        resourceCount: null,
        environment: null,
        projectId: null,
      },
    });
  });

  it('without the organization relationship, the organization comes from links.self', () => {
    const { relationships: _relationships, ...data } = DOC_RESPONSE.data;
    void _relationships;
    expect(mapped(terraformWorkspace({ data })).details).toMatchObject({
      organizationName: 'my-organization',
      projectId: null,
    });
  });

  it.each([
    ['null', null],
    ['a string', WS],
    ['the resource without its document', DOC_RESPONSE.data],
    ['data as an array', { data: [DOC_RESPONSE.data] }],
    ['another resource type', { data: { ...DOC_RESPONSE.data, type: 'projects' } }],
    ['no type', { data: { ...DOC_RESPONSE.data, type: undefined } }],
    ['no data.id', { data: { ...DOC_RESPONSE.data, id: undefined } }],
    ['an empty data.id', { data: { ...DOC_RESPONSE.data, id: '' } }],
    ['no attributes', { data: { ...DOC_RESPONSE.data, attributes: undefined } }],
    ['no name', { data: { ...DOC_RESPONSE.data, attributes: { ...DOC_RESPONSE.data.attributes, name: undefined } } }],
    [
      'a bad created-at',
      { data: { ...DOC_RESPONSE.data, attributes: { ...DOC_RESPONSE.data.attributes, 'created-at': 'soon' } } },
    ],
    ['an errors document', DOC_422_TAKEN],
  ])('is unusable with %s', (_what, body) => {
    expect(terraformWorkspace(body)).toBeNull();
  });
});

describe('HCP Terraform failures', () => {
  it('401 is an authentication error (a JSON:API error object, or no body)', () => {
    for (const response of [jsonResponse(401, { errors: [errorObject('401', 'unauthorized')] }), textResponse(401)]) {
      expect(terraformFailure(response, CONTEXT)).toEqual({
        kind: 'authentication',
        provider: 'terraform',
        message: expect.any(String),
      });
    }
  });

  it('404 is not found, saying it may be a workspace these credentials cannot see', () => {
    for (const response of [jsonResponse(404, { errors: [errorObject(404, 'not found')] }), textResponse(404)]) {
      expect(terraformFailure(response, CONTEXT)).toEqual({
        kind: 'not-found',
        id: `terraform:${WS}`,
        message: expect.stringContaining('not found, or not visible with these credentials'),
      });
    }
  });

  it('409 is a conflict (its pointer names the field when it is an input field)', () => {
    const typeMismatch = { errors: [errorObject('409', 'conflict', 'type does not match', '/data/type')] };
    expect(terraformFailure(jsonResponse(409, typeMismatch), CONTEXT)).toEqual({
      kind: 'conflict',
      field: null,
      message: expect.stringContaining('type does not match'),
    });
    const onName = { errors: [errorObject(409, 'conflict', 'Name clashes', '/data/attributes/name')] };
    expect(terraformFailure(jsonResponse(409, onName), CONTEXT)).toMatchObject({ kind: 'conflict', field: 'name' });
  });

  it('§4\'s 422 "Name has already been taken" is a conflict on name', () => {
    expect(terraformFailure(jsonResponse(422, DOC_422_TAKEN), CONTEXT)).toEqual({
      kind: 'conflict',
      field: 'name',
      message: expect.stringContaining('Name has already been taken'),
    });
  });

  it('a taken name among other errors is still the conflict; "taken" elsewhere is not', () => {
    const mixed = {
      errors: [
        errorObject(422, 'invalid attribute', 'Terraform version is invalid', '/data/attributes/terraform-version'),
        ...DOC_422_TAKEN.errors,
      ],
    };
    expect(terraformFailure(jsonResponse(422, mixed), CONTEXT)).toMatchObject({ kind: 'conflict', field: 'name' });
    const notName = {
      errors: [errorObject('422', 'invalid attribute', 'Has already been taken', '/data/attributes/description')],
    };
    expect(terraformFailure(jsonResponse(422, notName), CONTEXT)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['input', 'description'], code: 'INVALID' }],
    });
  });

  it('422: one field error per error object, the path from source.pointer, ["input"] without one', () => {
    const body = {
      errors: [
        errorObject('422', 'invalid attribute', 'Terraform version is invalid', '/data/attributes/terraform-version'),
        errorObject(
          422,
          'invalid attribute',
          'Working directory must be relative',
          '/data/attributes/working-directory',
        ),
        errorObject(
          '422',
          'invalid attribute',
          'Execution mode is not included in the list',
          '/data/attributes/execution-mode',
        ),
        errorObject('422', 'invalid attribute', 'Auto apply must be true or false', '/data/attributes/auto-apply'),
        errorObject('422', 'invalid attribute', 'Name is too long (maximum is 90 characters)', '/data/attributes/name'),
        errorObject('422', 'invalid attribute', 'Description must be a string', '/data/attributes/description'),
        errorObject('422', 'invalid attribute', 'Agent pool is required', '/data/attributes/agent-pool-id'),
        errorObject('422', 'invalid attribute', 'Operations cannot be sent with execution-mode'),
        errorObject('422', 'unprocessable entity'),
      ],
    };
    expect(terraformFailure(jsonResponse(422, body), CONTEXT)).toEqual({
      kind: 'validation',
      message: expect.stringContaining('Terraform version is invalid'),
      fieldErrors: [
        { path: ['input', 'terraformVersion'], code: 'INVALID', message: 'Terraform version is invalid' },
        { path: ['input', 'workingDirectory'], code: 'INVALID', message: 'Working directory must be relative' },
        { path: ['input', 'executionMode'], code: 'INVALID', message: 'Execution mode is not included in the list' },
        { path: ['input', 'autoApply'], code: 'INVALID', message: 'Auto apply must be true or false' },
        { path: ['input', 'name'], code: 'TOO_LONG', message: 'Name is too long (maximum is 90 characters)' },
        { path: ['input', 'description'], code: 'INVALID', message: 'Description must be a string' },
        { path: ['input'], code: 'INVALID', message: 'Agent pool is required' },
        { path: ['input'], code: 'INVALID', message: 'Operations cannot be sent with execution-mode' },
        { path: ['input'], code: 'INVALID', message: 'unprocessable entity' },
      ],
    });
  });

  it('422 without error objects is one error on ["input"]', () => {
    for (const response of [jsonResponse(422, { errors: [] }), textResponse(422, 'Unprocessable Entity')]) {
      expect(terraformFailure(response, CONTEXT)).toMatchObject({
        kind: 'validation',
        fieldErrors: [{ path: ['input'], code: 'INVALID' }],
      });
    }
  });

  it("§5's 429 (status a number), without headers: rate limited, no wait known", () => {
    expect(terraformFailure(jsonResponse(429, DOC_429), CONTEXT)).toEqual({
      kind: 'rate-limited',
      provider: 'terraform',
      retryAfterSeconds: null,
      message: expect.stringContaining("You have exceeded the API's rate limit."),
    });
  });

  it('429: Retry-After first (seconds or an HTTP date), else X-RateLimit-Reset in seconds rounded up', () => {
    const retryAfter = (headers: Record<string, string>) =>
      terraformFailure(jsonResponse(429, DOC_429, headers), CONTEXT) as { retryAfterSeconds: number | null };
    expect(retryAfter({ 'Retry-After': '7' }).retryAfterSeconds).toBe(7);
    expect(retryAfter({ 'Retry-After': '7', 'X-RateLimit-Reset': '30' }).retryAfterSeconds).toBe(7);
    expect(retryAfter({ 'X-RateLimit-Reset': '30' }).retryAfterSeconds).toBe(30);
    expect(retryAfter({ 'x-ratelimit-reset': '0.042' }).retryAfterSeconds).toBe(1);
    expect(retryAfter({ 'X-RateLimit-Reset': '2.5' }).retryAfterSeconds).toBe(3);
    expect(retryAfter({ 'X-RateLimit-Reset': '0' }).retryAfterSeconds).toBe(0);
    expect(retryAfter({ 'X-RateLimit-Reset': 'soon' }).retryAfterSeconds).toBeNull();
    expect(retryAfter({ 'Retry-After': 'whenever', 'X-RateLimit-Reset': '4' }).retryAfterSeconds).toBe(4);
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-04-15T12:00:00Z'));
    expect(
      retryAfter({ 'Retry-After': 'Wed, 15 Apr 2026 12:01:00 GMT', 'X-RateLimit-Reset': '4' }).retryAfterSeconds,
    ).toBe(60);
  });

  it("5xx: a provider error whose code is the error object's code, else its title", () => {
    const withCode = { errors: [{ status: '500', code: 'internal_error', title: 'internal server error' }] };
    expect(terraformFailure(jsonResponse(500, withCode), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'terraform',
      status: 500,
      code: 'internal_error',
      retryable: false,
      message: expect.stringContaining('500'),
    });
    const titleOnly = { errors: [errorObject(503, 'service unavailable', 'Down for maintenance')] };
    expect(terraformFailure(jsonResponse(503, titleOnly), CONTEXT)).toEqual({
      kind: 'provider',
      provider: 'terraform',
      status: 503,
      code: 'service unavailable',
      retryable: true,
      message: expect.stringContaining('Down for maintenance'),
    });
    expect(terraformFailure(textResponse(502, 'Bad Gateway'), CONTEXT)).toMatchObject({
      kind: 'provider',
      status: 502,
      code: null,
      retryable: true,
    });
  });

  it('400 and 403, which its own list leaves out, follow the table for every provider', () => {
    const bad = { errors: [errorObject('400', 'bad request', 'Bad document', '/data/attributes/name')] };
    expect(terraformFailure(jsonResponse(400, bad), CONTEXT)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['input', 'name'], code: 'INVALID', message: 'Bad document' }],
    });
    const forbidden = { errors: [errorObject('403', 'forbidden', 'Admin access needed')] };
    expect(terraformFailure(jsonResponse(403, forbidden), CONTEXT)).toMatchObject({
      kind: 'permission-denied',
      provider: 'terraform',
      message: expect.stringContaining('Admin access needed'),
    });
  });

  it.each([405, 406, 415, 418])('%i, undocumented for the update, is a provider error', (status) => {
    const body = { errors: [errorObject(String(status), 'not accepted', 'Something about the request')] };
    expect(terraformFailure(jsonResponse(status, body), CONTEXT)).toMatchObject({
      kind: 'provider',
      provider: 'terraform',
      status,
      code: 'not accepted',
      retryable: false,
    });
  });

  it('an error object that does not parse is read as empty, the others still count', () => {
    const body = {
      errors: [{ status: true, title: 42 }, errorObject('422', 'invalid attribute', 'Bad', '/data/attributes/name')],
    };
    expect(terraformFailure(jsonResponse(422, body), CONTEXT)).toMatchObject({
      kind: 'validation',
      fieldErrors: [
        { path: ['input'], code: 'INVALID' },
        { path: ['input', 'name'], code: 'INVALID', message: 'Bad' },
      ],
    });
  });
});
