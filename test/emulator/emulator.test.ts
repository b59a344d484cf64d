// The emulated provider contracts over real HTTP (HCP Terraform's in terraform.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EMULATED_PROVIDERS,
  type Emulator,
  PROVIDER_PREFIXES,
  SEEDED_WORKSPACES,
  startEmulator,
} from '../../src/emulator';
import { call, isRecent } from './helpers';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

describe('emulator basics', () => {
  it("listens on loopback with each provider under its prefix (its name, then its real base URL's path)", () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.baseUrls).toEqual(
      Object.fromEntries(EMULATED_PROVIDERS.map((p) => [p, `${emu.url}${PROVIDER_PREFIXES[p]}`])),
    );
    for (const provider of EMULATED_PROVIDERS)
      expect(PROVIDER_PREFIXES[provider]).toMatch(new RegExp(`^/${provider}(/|$)`));
    expect(PROVIDER_PREFIXES).toMatchObject({ blaxel: '/blaxel/v0', terraform: '/terraform/api/v2' });
    expect(emu.token).toBe('emulator-token');
  });

  it('lists one read-only workspace per provider in SEEDED_WORKSPACES', () => {
    for (const list of Object.values(SEEDED_WORKSPACES)) {
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.filter((w) => w.readOnly)).toHaveLength(1);
    }
    expect(SEEDED_WORKSPACES.dreadnode.map((w) => w.reference)).toEqual([
      'acme/research',
      'acme/platform',
      'acme/archive',
    ]);
  });

  it('answers an unknown top-level path with 404 JSON', async () => {
    const res = await fetch(`${emu.url}/nowhere`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });

  it('refuses a wrong token and a non-bearer scheme', async () => {
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace', { token: 'nope' })).status).toBe(401);
    const basic = await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace', {
      token: null,
      headers: { authorization: `Basic ${emu.token}` },
    });
    expect(basic.status).toBe(401);
  });

  it('keeps data per instance and restores it on reset()', async () => {
    const other = await startEmulator();
    try {
      await call(emu, 'flashback', 'PUT', '/workspace/123e4567-e89b-12d3-a456-426614174000', {
        body: { name: 'Changed' },
      });
      const there = await call(other, 'flashback', 'GET', '/workspace/123e4567-e89b-12d3-a456-426614174000');
      expect(there.json.workspace.name).toBe('Development Workspace');
      emu.reset();
      const here = await call(emu, 'flashback', 'GET', '/workspace/123e4567-e89b-12d3-a456-426614174000');
      expect(here.json.workspace.name).toBe('Development Workspace');
    } finally {
      await other.close();
    }
  });
});

describe('blaxel', () => {
  const err = (error: string) => expect.objectContaining({ error, message: expect.any(String) });

  it('GETs a seeded workspace', async () => {
    const res = await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      createdAt: '2026-04-15T12:00:00.000Z',
      updatedAt: '2026-04-15T12:00:00.000Z',
      createdBy: 'alice@example.com',
      updatedBy: 'alice@example.com',
      accountId: 'acc-1a2b3c4d',
      displayName: 'My Workspace',
      groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
      id: 'ws-7f3c9a12',
      labels: { env: 'prod' },
      name: 'my-workspace',
      region: 'us-west-2',
      runtime: { generation: 'mk3' },
      status: 'ready',
    });
  });

  it('updates only the keys present', async () => {
    const res = await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', {
      body: { displayName: 'Renamed', labels: { env: 'dev', team: 'core' }, runtime: { generation: 'mk2' } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: 'ws-7f3c9a12',
      name: 'my-workspace',
      displayName: 'Renamed',
      labels: { env: 'dev', team: 'core' },
      runtime: { generation: 'mk2' },
      region: 'us-west-2',
      groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
      createdAt: '2026-04-15T12:00:00.000Z',
    });
    expect(res.json.updatedAt).not.toBe('2026-04-15T12:00:00.000Z');
    expect(isRecent(res.json.updatedAt)).toBe(true);
    expect(res.json.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const again = await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace');
    expect(again.json.displayName).toBe('Renamed');
  });

  it('moves the workspace on rename', async () => {
    const res = await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', { body: { name: 'renamed-ws' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'renamed-ws', id: 'ws-7f3c9a12' });
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/renamed-ws')).json.id).toBe('ws-7f3c9a12');
    const old = await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace');
    expect(old.status).toBe(404);
    expect(old.json).toEqual(err('not_found'));
  });

  it('refuses a name another workspace has with 409', async () => {
    const res = await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', { body: { name: 'staging' } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual(err('conflict'));
    // Keeping one's own name is not a conflict.
    expect((await call(emu, 'blaxel', 'PUT', '/workspaces/staging', { body: { name: 'staging' } })).status).toBe(200);
  });

  it.each([
    [{ labels: { env: 1 } }],
    [{ labels: ['a'] }],
    [{ groupMappings: [{ groupName: 'x' }] }],
    [{ groupMappings: { groupName: 'x', role: 'y' } }],
    [{ runtime: { generation: 3 } }],
    [{ runtime: 'mk3' }],
    [{ displayName: null }],
    [{ region: 5 }],
    [{ status: 'ready' }],
    [{ name: 'a/b' }],
    [[]],
  ])('refuses %j with 400', async (body) => {
    const res = await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', { body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual(err('bad_request'));
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', { body: '{not json' });
    expect(res.status).toBe(400);
  });

  it('answers 401 without a token', async () => {
    const res = await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace', { token: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual(err('unauthorized'));
  });

  it('answers 403 on the read-only workspace, which still reads', async () => {
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/locked-workspace')).status).toBe(200);
    const res = await call(emu, 'blaxel', 'PUT', '/workspaces/locked-workspace', { body: { displayName: 'x' } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual(err('forbidden'));
  });

  it('answers 404 for an unknown workspace and path, without decoding %2F', async () => {
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/nope')).status).toBe(404);
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/my%2Dworkspace')).status).toBe(404);
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace/extra')).status).toBe(404);
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/a%2Fb')).json).toEqual(err('not_found'));
  });

  it('answers 405 with Allow for another method', async () => {
    const res = await call(emu, 'blaxel', 'PATCH', '/workspaces/my-workspace', { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT');
    expect(res.json).toEqual(err('method_not_allowed'));
  });
});

describe('dreadnode', () => {
  const path = '/org/acme/ws/research';

  it('GETs a seeded workspace', async () => {
    const res = await call(emu, 'dreadnode', 'GET', path);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      created_at: '2026-04-15T12:00:00Z',
      created_by: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      description: 'Research experiments',
      id: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
      is_active: true,
      is_default: true,
      key: 'research',
      name: 'Research',
      org_id: '5b0c9a6e-2f4d-4c1b-9e7a-3d8f1a2b4c6d',
      org_name: 'Acme',
      project_count: 3,
      updated_at: '2026-04-15T12:00:00Z',
    });
  });

  it('updates name, description (null allowed) and is_active', async () => {
    const res = await call(emu, 'dreadnode', 'PUT', path, {
      body: { name: 'Research 2', description: null, is_active: false },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ key: 'research', name: 'Research 2', description: null, is_active: false });
    expect(res.json.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(isRecent(res.json.updated_at)).toBe(true);
    expect(res.json.created_at).toBe('2026-04-15T12:00:00Z');
  });

  it('moves the workspace when its key changes', async () => {
    const res = await call(emu, 'dreadnode', 'PUT', path, { body: { key: 'lab' } });
    expect(res.status).toBe(200);
    expect(res.json.key).toBe('lab');
    expect((await call(emu, 'dreadnode', 'GET', '/org/acme/ws/lab')).json.id).toBe(
      '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
    );
    expect((await call(emu, 'dreadnode', 'GET', path)).status).toBe(404);
  });

  it('refuses a key used in the org with 409', async () => {
    const res = await call(emu, 'dreadnode', 'PUT', path, { body: { key: 'platform' } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ code: 409, detail: "Workspace with key 'platform' already exists", type: 'conflict' });
  });

  it('refuses a wrong type with the 422 envelope', async () => {
    const res = await call(emu, 'dreadnode', 'PUT', path, { body: { is_active: 'yes' } });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      code: 422,
      detail: 'Validation error',
      type: 'validation_error',
      errors: [{ loc: ['body', 'is_active'], msg: 'Input should be a valid boolean', type: 'bool_type' }],
    });
  });

  it('reports every invalid field, unknown ones included', async () => {
    const res = await call(emu, 'dreadnode', 'PUT', path, {
      body: { name: 1, description: 2, key: 'a/b', extra: true },
    });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { loc: string[]; type: string }) => [e.loc[1], e.type])).toEqual([
      ['name', 'string_type'],
      ['description', 'string_type'],
      ['key', 'string_pattern_mismatch'],
      ['extra', 'extra_forbidden'],
    ]);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await call(emu, 'dreadnode', 'PUT', path, { body: 'not json' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 400, detail: 'Invalid request', type: 'invalid_request' });
  });

  it('answers 401, 403 and 404 in the canonical envelope', async () => {
    expect((await call(emu, 'dreadnode', 'GET', path, { token: null })).json).toEqual({
      code: 401,
      detail: 'Authentication failed',
      type: 'authentication_error',
    });
    const forbidden = await call(emu, 'dreadnode', 'PUT', '/org/acme/ws/archive', { body: { name: 'x' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ code: 403, detail: 'Access forbidden', type: 'permission_denied' });
    expect((await call(emu, 'dreadnode', 'GET', '/org/acme/ws/archive')).status).toBe(200);
    for (const p of ['/org/acme/ws/nope', '/org/other/ws/research']) {
      const res = await call(emu, 'dreadnode', 'GET', p);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ code: 404, detail: 'Workspace not found', type: 'not_found' });
    }
  });

  it('answers 405 with Allow', async () => {
    const res = await call(emu, 'dreadnode', 'DELETE', path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT');
    expect(res.json).toMatchObject({ code: 405 });
  });
});

describe('flashback', () => {
  const id = '123e4567-e89b-12d3-a456-426614174000';

  it('GETs a seeded workspace as {success, workspace}', async () => {
    const res = await call(emu, 'flashback', 'GET', `/workspace/${id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      success: true,
      workspace: { id, name: 'Development Workspace', orgId: '987fcdeb-51a2-43d1-9f12-345678901234' },
    });
  });

  it('updates the name', async () => {
    const res = await call(emu, 'flashback', 'PUT', `/workspace/${id}`, {
      body: { name: 'Updated Development Workspace' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      success: true,
      workspace: { id, name: 'Updated Development Workspace', orgId: '987fcdeb-51a2-43d1-9f12-345678901234' },
    });
  });

  it('refuses a name taken in the same organisation with 409, not in another', async () => {
    const res = await call(emu, 'flashback', 'PUT', `/workspace/${id}`, { body: { name: 'Staging Workspace' } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      success: false,
      message: 'A workspace with this name already exists in the organization',
    });
    // "Finance Workspace" lives in another organisation.
    expect(
      (await call(emu, 'flashback', 'PUT', `/workspace/${id}`, { body: { name: 'Finance Workspace' } })).status,
    ).toBe(200);
  });

  it.each([[{ name: 5 }], [{ tags: [] }], [[]], ['not json']])('refuses %j with 422', async (body) => {
    const res = await call(emu, 'flashback', 'PUT', `/workspace/${id}`, { body });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ success: false, message: 'Invalid workspace data' });
  });

  it('answers its documented 400 for a missing or wrong token', async () => {
    for (const token of [null, 'wrong']) {
      const res = await call(emu, 'flashback', 'PUT', `/workspace/${id}`, { token, body: { name: 'x' } });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ success: false, message: 'User not found or account is not validated' });
    }
  });

  it('answers 403 on the read-only workspace and 404 on an unknown one', async () => {
    const ro = '9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';
    expect((await call(emu, 'flashback', 'GET', `/workspace/${ro}`)).status).toBe(200);
    const forbidden = await call(emu, 'flashback', 'PUT', `/workspace/${ro}`, { body: { name: 'x' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ success: false, message: 'Insufficient permissions to update workspace' });
    const missing = await call(emu, 'flashback', 'GET', '/workspace/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ success: false, message: 'Workspace not found' });
  });

  it('answers 405 with Allow', async () => {
    const res = await call(emu, 'flashback', 'POST', `/workspace/${id}`, { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT');
    expect(res.json).toMatchObject({ success: false });
  });
});

describe('vertra', () => {
  const put = (updates: unknown, id = 'org123') =>
    call(emu, 'vertra', 'PUT', `/workspaces/${id}`, { body: { updates } });

  it('GETs the document example as {response}', async () => {
    const res = await call(emu, 'vertra', 'GET', '/workspaces/org123');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      response: {
        id: 'org123',
        name: 'updatedworkspace',
        description: 'Updated description',
        tags: ['newtag', 'updated'],
        owner_id: '993591427428790342',
        created_at: '2026-03-14T19:58:00Z',
        updated_at: '2026-03-14T20:00:00Z',
        members: [{ user_id: '993591427428790342', role: 'owner', joined_at: '2026-03-14T19:58:00Z' }],
      },
    });
  });

  it('applies {updates}', async () => {
    const res = await put({ name: 'renamed', tags: ['a', 'b'] });
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({
      id: 'org123',
      name: 'renamed',
      tags: ['a', 'b'],
      description: 'Updated description',
    });
    expect(res.json.response.updated_at).not.toBe('2026-03-14T20:00:00Z');
    expect(isRecent(res.json.response.updated_at)).toBe(true);
    expect((await put({})).status).toBe(200);
  });

  it.each([
    [{ name: 1 }, 'NAME_MUST_BE_A_STRING'],
    [{ name: 'n'.repeat(51) }, 'NAME_TOO_LONG'],
    [{ description: null }, 'DESCRIPTION_MUST_BE_A_STRING'],
    [{ description: 'd'.repeat(201) }, 'DESCRIPTION_TOO_LONG'],
    [{ tags: 'a' }, 'TAGS_MUST_BE_AN_ARRAY'],
    [{ tags: ['a', 2] }, 'TAGS_MUST_BE_AN_ARRAY'],
    [{ tags: ['t'.repeat(21)] }, 'TAG_TOO_LONG'],
    [{ owner_id: 'x' }, 'INVALID_REQUEST'],
  ])('refuses %j with 400 %s', async (updates, code) => {
    const res = await put(updates);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code, message: expect.any(String) });
  });

  it('counts code points, not UTF-16 units', async () => {
    expect((await put({ name: '😀'.repeat(50), tags: ['😀'.repeat(20)] })).status).toBe(200);
    expect((await put({ name: '😀'.repeat(51) })).json.code).toBe('NAME_TOO_LONG');
  });

  it.each([[{}], [{ updates: [] }], [{ name: 'x' }], ['nope']])(
    'refuses body %j with INVALID_REQUEST',
    async (body) => {
      const res = await call(emu, 'vertra', 'PUT', '/workspaces/org123', { body });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('INVALID_REQUEST');
    },
  );

  it('refuses a name another workspace has with 409', async () => {
    const res = await put({ name: 'analytics' });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ code: 'ORGANIZATION_NAME_ALREADY_EXISTS', message: expect.any(String) });
  });

  it('answers 401, 403, 404 and 405 in its envelope', async () => {
    const unauth = await call(emu, 'vertra', 'GET', '/workspaces/org123', { token: null });
    expect(unauth.status).toBe(401);
    expect(unauth.json).toEqual({ code: 'UNAUTHORIZED' });
    expect((await call(emu, 'vertra', 'GET', '/workspaces/org789')).status).toBe(200);
    const forbidden = await put({ name: 'x' }, 'org789');
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ code: 'FORBIDDEN', message: expect.any(String) });
    const missing = await call(emu, 'vertra', 'GET', '/workspaces/org000');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ code: 'NOT_FOUND', message: 'Workspace not found' });
    const wrong = await call(emu, 'vertra', 'PATCH', '/workspaces/org123', { body: { updates: {} } });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, PUT');
  });
});

describe('altostrat', () => {
  const id = 'ws_a1b2c3d4e5f6g7h8';
  const invalid = (message: string) => ({
    type: 'invalid_request_error',
    code: 'parameter_invalid',
    message,
    doc_url: 'https://docs.altostrat.io/errors/parameter_invalid',
  });

  it('GETs a seeded workspace', async () => {
    const res = await call(emu, 'altostrat', 'GET', `/workspaces/${id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id,
      name: 'ACME Corporation',
      description: 'Primary workspace for all ACME projects.',
      billing_mode: 'pooled',
      pooled_seat_limit: 100,
      archived: false,
      created_at: '2025-10-29T00:40:06.000000Z',
      updated_at: '2025-10-29T00:40:06.000000Z',
      archived_at: null,
    });
  });

  it('PATCHes name and a null description', async () => {
    const res = await call(emu, 'altostrat', 'PATCH', `/workspaces/${id}`, {
      body: { name: 'ACME Corp. Workspace', description: null },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, name: 'ACME Corp. Workspace', description: null, billing_mode: 'pooled' });
    expect(res.json.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(isRecent(res.json.updated_at)).toBe(true);
  });

  it.each([
    [{ name: 'n'.repeat(51) }, "The 'name' parameter cannot exceed 50 characters."],
    [{ name: 7 }, "The 'name' parameter must be a string."],
    [{ name: null }, "The 'name' parameter must be a string."],
    [{ description: 'd'.repeat(201) }, "The 'description' parameter cannot exceed 200 characters."],
    [{ description: false }, "The 'description' parameter must be a string."],
    [{ billing_mode: 'single' }, "The 'billing_mode' parameter is not recognized."],
  ])('refuses %j with the documented 400', async (body, message) => {
    const res = await call(emu, 'altostrat', 'PATCH', `/workspaces/${id}`, { body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual(invalid(message));
  });

  it('refuses a body that is not JSON with parameter_invalid', async () => {
    const res = await call(emu, 'altostrat', 'PATCH', `/workspaces/${id}`, { body: '{' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('parameter_invalid');
  });

  it('answers 401, 403 and 404 without a body', async () => {
    const unauth = await call(emu, 'altostrat', 'GET', `/workspaces/${id}`, { token: null });
    expect([unauth.status, unauth.text]).toEqual([401, '']);
    expect(unauth.headers.get('www-authenticate')).toBe('Bearer');
    const ro = 'ws_r0e1a2d3o4n5l6y7';
    const read = await call(emu, 'altostrat', 'GET', `/workspaces/${ro}`);
    expect(read.json).toMatchObject({ archived: true, archived_at: '2025-01-02T12:00:00.000000Z' });
    const forbidden = await call(emu, 'altostrat', 'PATCH', `/workspaces/${ro}`, { body: { name: 'x' } });
    expect([forbidden.status, forbidden.text]).toEqual([403, '']);
    const missing = await call(emu, 'altostrat', 'GET', '/workspaces/ws_0000000000000000');
    expect([missing.status, missing.text]).toEqual([404, '']);
  });

  it('answers 405 with Allow for PUT', async () => {
    const res = await call(emu, 'altostrat', 'PUT', `/workspaces/${id}`, { body: { name: 'x' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PATCH');
  });
});
