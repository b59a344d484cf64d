// HCP Terraform's emulator twin over real HTTP: the document
// shared/seeds/hcp-terraform-update-workspace.md (§n below) and JSON:API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  EMULATOR_TENANTS,
  JSON_API_MEDIA_TYPE,
  SEEDED_WORKSPACES,
  startEmulator,
  terraformRateLimitFault,
} from '../../src/emulator';
import { call, type CallOptions, isRecent } from './helpers';

const JSON_API = 'application/vnd.api+json';
const BILLING = 'ws-KTuq99JSzgmDSvYj'; // §1's example id: acme, my-organization
const NETWORK = 'ws-2ZcQfxgJ8uN4rW7d'; // globex, globex-corp, agent execution
const LEGACY = 'ws-Lk9pR3vT6yB1mXq5'; // acme, my-organization, locked and read-only
const ACME = EMULATOR_TENANTS.acme.tokens.terraform;
const GLOBEX = EMULATOR_TENANTS.globex.tokens.terraform;

const NOT_FOUND = { errors: [{ status: '404', title: 'not found' }] };
const UNAUTHORIZED = { errors: [{ status: '401', title: 'unauthorized' }] };

/** §3's example, attribute for attribute, plus what the update table and the full response add. */
const BILLING_DOCUMENT = {
  data: {
    id: BILLING,
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
      'file-triggers-enabled': true,
      'queue-all-runs': false,
      'assessments-enabled': false,
      'auto-destroy-at': null,
      'auto-destroy-activity-duration': null,
      'trigger-prefixes': [],
      'trigger-patterns': [],
      permissions: { 'can-update': true, 'can-destroy': true, 'can-lock': true },
    },
    relationships: {
      organization: { data: { id: 'my-organization', type: 'organizations' } },
      project: { data: { id: 'prj-jT92VLSFpv8FwKtc', type: 'projects' } },
      'agent-pool': { data: null },
    },
    links: {
      self: '/api/v2/organizations/my-organization/workspaces/billing-prod',
      'self-html': '/app/my-organization/workspaces/billing-prod',
    },
  },
};

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

const get = (path: string, options: CallOptions = {}) => call(emu, 'terraform', 'GET', path, options);

/** PATCH a JSON:API body as the document's curl sample does. */
const patchBody = (body: unknown, path = `/workspaces/${BILLING}`, options: CallOptions = {}) =>
  call(emu, 'terraform', 'PATCH', path, { body, contentType: JSON_API, ...options });

const patch = (attributes: Record<string, unknown>, id = BILLING, options: CallOptions = {}) =>
  patchBody({ data: { type: 'workspaces', attributes } }, `/workspaces/${id}`, options);

const invalid = (attribute: string, detail: unknown, sub = '') => ({
  status: '422',
  title: 'invalid attribute',
  detail,
  source: { pointer: `/data/attributes/${attribute}${sub}` },
});

const attributesOf = async (id = BILLING) => (await get(`/workspaces/${id}`)).json.data.attributes;

describe('terraform: mount and seeds', () => {
  it('is mounted with the API version path, like https://app.terraform.io/api/v2', () => {
    expect(emu.baseUrls.terraform).toBe(`${emu.url}/terraform/api/v2`);
    expect(JSON_API_MEDIA_TYPE).toBe(JSON_API);
  });

  it('seeds three workspaces by ws- id, one read-only, shared between the tenants', () => {
    expect(SEEDED_WORKSPACES.terraform).toEqual([
      { reference: BILLING, name: 'billing-prod' },
      { reference: NETWORK, name: 'network-core' },
      { reference: LEGACY, name: 'legacy-network', readOnly: true },
    ]);
    expect(EMULATOR_TENANTS.acme.workspaces.filter((w) => w.startsWith('terraform:'))).toEqual([
      `terraform:${BILLING}`,
      `terraform:${LEGACY}`,
    ]);
    expect(EMULATOR_TENANTS.globex.workspaces.filter((w) => w.startsWith('terraform:'))).toEqual([
      `terraform:${NETWORK}`,
    ]);
    expect([ACME, GLOBEX]).toEqual(['acme-terraform-token', 'globex-terraform-token']);
  });
});

describe('terraform: reads (§6)', () => {
  it("GETs a workspace by id as §3's workspaces document, in application/vnd.api+json", async () => {
    const res = await get(`/workspaces/${BILLING}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_API);
    expect(res.json).toEqual(BILLING_DOCUMENT);
  });

  it('GETs the same document by organization and name', async () => {
    const res = await get('/organizations/my-organization/workspaces/billing-prod');
    expect(res.status).toBe(200);
    expect(res.json).toEqual(BILLING_DOCUMENT);
  });

  it('answers with the headers every doc sample sends, and with none', async () => {
    const headers = { 'content-type': JSON_API, accept: JSON_API };
    expect((await get(`/workspaces/${BILLING}`, { headers })).status).toBe(200);
    expect((await get(`/workspaces/${BILLING}`, { headers: { accept: 'application/json' } })).status).toBe(200);
    expect((await get(`/workspaces/${BILLING}`, { headers: { accept: '*/*' } })).status).toBe(200);
  });

  it('shows agent execution, a version constraint, a VCS link and an empty working directory', async () => {
    const res = await get(`/workspaces/${NETWORK}`);
    expect(res.json.data).toMatchObject({
      id: NETWORK,
      attributes: {
        name: 'network-core',
        description: null,
        'execution-mode': 'agent',
        'terraform-version': '~> 1.8.0',
        'working-directory': '',
        'vcs-repo': {
          identifier: 'globex/network-core',
          branch: 'main',
          'ingress-submodules': false,
          'tags-regex': null,
          'oauth-token-id': 'ot-5Rm8qTnX2bVc9LwA',
        },
        'vcs-repo-identifier': 'globex/network-core',
        'setting-overwrites': { 'execution-mode': true, 'agent-pool': true },
      },
      relationships: {
        organization: { data: { id: 'globex-corp', type: 'organizations' } },
        'agent-pool': { data: { id: 'apool-ZjT6A7mVFm5WHT5a', type: 'agent-pools' } },
      },
      links: { self: '/api/v2/organizations/globex-corp/workspaces/network-core' },
    });
  });

  it('reads the locked, read-only workspace, which says it cannot be updated', async () => {
    const res = await get(`/workspaces/${LEGACY}`);
    expect(res.status).toBe(200);
    expect(res.json.data.attributes).toMatchObject({
      name: 'legacy-network',
      locked: true,
      'locked-reason': 'Frozen during the datacenter migration',
      'working-directory': null,
      permissions: { 'can-update': false, 'can-destroy': false, 'can-lock': false },
    });
  });

  it('sends kebab-case names only', async () => {
    const { data } = (await get(`/workspaces/${NETWORK}`)).json;
    const keys = (o: object): string[] => Object.keys(o);
    for (const key of [
      ...keys(data),
      ...keys(data.attributes),
      ...keys(data.attributes['setting-overwrites']),
      ...keys(data.attributes['vcs-repo']),
      ...keys(data.relationships),
      ...keys(data.links),
    ]) {
      expect(key).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });
});

describe('terraform: updates (§2, §3)', () => {
  it.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ name: 'billing-production' }, { name: 'billing-production' }],
    [{ description: 'Billing, prod (EU)' }, { description: 'Billing, prod (EU)' }],
    [{ description: '' }, { description: '' }],
    [{ 'auto-apply': false }, { 'auto-apply': false }],
    [{ 'auto-apply-run-trigger': true }, { 'auto-apply-run-trigger': true }],
    [{ 'execution-mode': 'local' }, { 'execution-mode': 'local' }],
    [{ 'terraform-version': '1.10.0' }, { 'terraform-version': '1.10.0' }],
    [{ 'terraform-version': '~> 1.0.0' }, { 'terraform-version': '~> 1.0.0' }],
    [{ 'terraform-version': '>= 1.5.0, < 2.0.0' }, { 'terraform-version': '>= 1.5.0, < 2.0.0' }],
    [{ 'terraform-version': '1.10.0-alpha20240814' }, { 'terraform-version': '1.10.0-alpha20240814' }],
    [{ 'working-directory': 'envs/eu/prod' }, { 'working-directory': 'envs/eu/prod' }],
    [{ 'working-directory': '' }, { 'working-directory': '' }],
    [{ 'allow-destroy-plan': false }, { 'allow-destroy-plan': false }],
    [{ 'speculative-enabled': false }, { 'speculative-enabled': false }],
    [{ 'global-remote-state': true }, { 'global-remote-state': true }],
    [{ 'file-triggers-enabled': false }, { 'file-triggers-enabled': false }],
    [{ 'queue-all-runs': true }, { 'queue-all-runs': true }],
    [{ 'assessments-enabled': true }, { 'assessments-enabled': true }],
    [{ 'auto-destroy-at': '2030-01-01T00:00:00Z' }, { 'auto-destroy-at': '2030-01-01T00:00:00.000Z' }],
    [{ 'auto-destroy-activity-duration': '14d' }, { 'auto-destroy-activity-duration': '14d' }],
    [{ 'auto-destroy-activity-duration': '9999h' }, { 'auto-destroy-activity-duration': '9999h' }],
    [{ 'trigger-prefixes': ['modules/', 'envs/prod/'] }, { 'trigger-prefixes': ['modules/', 'envs/prod/'] }],
    [{ 'trigger-patterns': ['**/*.tf'] }, { 'trigger-patterns': ['**/*.tf'] }],
    [
      { 'setting-overwrites': { 'agent-pool': true } },
      { 'setting-overwrites': { 'execution-mode': false, 'agent-pool': true } },
    ],
    [
      { 'execution-mode': 'local', 'setting-overwrites': { 'execution-mode': true } },
      { 'execution-mode': 'local', 'setting-overwrites': { 'execution-mode': true, 'agent-pool': false } },
    ],
    [{ operations: false }, { 'execution-mode': 'local' }],
    [
      { 'vcs-repo': { identifier: 'acme/billing', 'oauth-token-id': 'ot-abc123' } },
      {
        'vcs-repo': {
          identifier: 'acme/billing',
          branch: '',
          'ingress-submodules': false,
          'tags-regex': null,
          'oauth-token-id': 'ot-abc123',
        },
        'vcs-repo-identifier': 'acme/billing',
      },
    ],
  ])('PATCH %j sets %j and keeps everything else', async (attributes, expected) => {
    const res = await patch(attributes);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_API);
    const { updated, rest } = split(res.json.data.attributes);
    const { rest: before } = split({ ...BILLING_DOCUMENT.data.attributes, ...expected });
    expect(rest).toEqual(before);
    expect(updated).not.toBe('2024-05-02T09:14:31.102Z');
    expect(isRecent(updated)).toBe(true);
    expect(updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // And it sticks.
    expect(split(await attributesOf()).rest).toEqual(before);
  });

  function split(attributes: Record<string, unknown>): { updated: unknown; rest: Record<string, unknown> } {
    const { 'updated-at': updated, ...rest } = attributes;
    return { updated, rest };
  }

  it('applies the example payload of §2 in one call', async () => {
    const res = await patch({
      name: 'billing-prod',
      description: 'Billing service, production',
      'auto-apply': true,
      'execution-mode': 'remote',
      'terraform-version': '1.9.4',
      'working-directory': 'envs/prod',
    });
    expect(res.status).toBe(200);
    // Nothing changed, so (like a Rails save) updated-at did not move.
    expect(res.json).toEqual(BILLING_DOCUMENT);
  });

  it('takes an empty attributes object, or none, as no change', async () => {
    expect((await patch({})).json).toEqual(BILLING_DOCUMENT);
    expect((await patchBody({ data: { type: 'workspaces' } })).json).toEqual(BILLING_DOCUMENT);
  });

  it('accepts data.id when it names the workspace', async () => {
    const res = await patchBody({ data: { id: BILLING, type: 'workspaces', attributes: { 'auto-apply': false } } });
    expect(res.status).toBe(200);
    expect(res.json.data.attributes['auto-apply']).toBe(false);
  });

  it('ignores attributes it does not take: read-only ones, camelCase and the doc sample quirk terraform_version', async () => {
    const res = await patch({
      'resource-count': 99,
      'updated-at': '2000-01-01T00:00:00.000Z',
      locked: true,
      autoApply: false,
      terraform_version: '0.12.0',
      'project-remote-state': true,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(BILLING_DOCUMENT);
  });

  it('renames: the ws- id stays, the name-based URL and links move (§1, §3)', async () => {
    const res = await patch({ name: 'billing-production' });
    expect(res.json.data.id).toBe(BILLING);
    expect(res.json.data.links).toEqual({
      self: '/api/v2/organizations/my-organization/workspaces/billing-production',
      'self-html': '/app/my-organization/workspaces/billing-production',
    });
    const moved = await get('/organizations/my-organization/workspaces/billing-production', { token: ACME });
    expect(moved.json.data.id).toBe(BILLING);
    const old = await get('/organizations/my-organization/workspaces/billing-prod', { token: ACME });
    expect([old.status, old.json]).toEqual([404, NOT_FOUND]);
    // Access follows the record.
    const again = await patchBody(
      { data: { type: 'workspaces', attributes: { 'auto-apply': false } } },
      '/organizations/my-organization/workspaces/billing-production',
      { token: ACME },
    );
    expect(again.status).toBe(200);
  });

  it('updates through the organization/name path with the same body and response (§1)', async () => {
    const res = await patchBody(
      { data: { type: 'workspaces', attributes: { description: 'by name' } } },
      '/organizations/globex-corp/workspaces/network-core',
    );
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: NETWORK, attributes: { description: 'by name' } });
    expect((await attributesOf(NETWORK)).description).toBe('by name');
  });

  it('keeps its own name, and takes a name used in another organization', async () => {
    expect((await patch({ name: 'billing-prod' })).status).toBe(200);
    expect((await patch({ name: 'network-core' })).status).toBe(200); // globex-corp's
  });

  it('accepts a 90-character name of letters, digits, - and _', async () => {
    const name = `A-b_9${'x'.repeat(85)}`;
    const res = await patch({ name });
    expect([res.status, res.json.data.attributes.name]).toEqual([200, name]);
  });

  it('removes the VCS link with vcs-repo: null, the one null §2 documents', async () => {
    const res = await patch({ 'vcs-repo': null }, NETWORK);
    expect(res.status).toBe(200);
    expect(res.json.data.attributes).toMatchObject({ 'vcs-repo': null, 'vcs-repo-identifier': null });
    const relinked = await patch(
      { 'vcs-repo': { identifier: 'globex/net', branch: 'release', 'github-app-installation-id': 'ghain-1' } },
      NETWORK,
    );
    expect(relinked.json.data.attributes).toMatchObject({
      'vcs-repo': { identifier: 'globex/net', branch: 'release', 'github-app-installation-id': 'ghain-1' },
      'vcs-repo-identifier': 'globex/net',
    });
    expect(relinked.json.data.attributes['vcs-repo']).not.toHaveProperty('oauth-token-id');
    expect((await patch({ 'vcs-repo': 'globex/net' }, NETWORK)).json).toEqual({
      errors: [invalid('vcs-repo', 'VCS repo must be an object or null')],
    });
  });

  describe('execution mode and agent pools (§2)', () => {
    it('switches to agent with an agent-pool-id, and back to remote, which drops the pool', async () => {
      const agent = await patch({ 'execution-mode': 'agent', 'agent-pool-id': 'apool-ZjT6A7mVFm5WHT5a' });
      expect(agent.status).toBe(200);
      expect(agent.json.data.attributes['execution-mode']).toBe('agent');
      expect(agent.json.data.relationships['agent-pool']).toEqual({
        data: { id: 'apool-ZjT6A7mVFm5WHT5a', type: 'agent-pools' },
      });
      const remote = await patch({ 'execution-mode': 'remote' });
      expect(remote.json.data.attributes['execution-mode']).toBe('remote');
      expect(remote.json.data.relationships['agent-pool']).toEqual({ data: null });
    });

    it('keeps the pool of a workspace already on agent execution', async () => {
      const res = await patch({ 'execution-mode': 'agent', 'auto-apply': true }, NETWORK);
      expect(res.status).toBe(200);
      expect(res.json.data.relationships['agent-pool'].data.id).toBe('apool-ZjT6A7mVFm5WHT5a');
      const moved = await patch({ 'agent-pool-id': 'apool-Other1' }, NETWORK);
      expect(moved.json.data.relationships['agent-pool'].data.id).toBe('apool-Other1');
    });

    it('maps the deprecated operations switch to remote/local', async () => {
      const res = await patch({ operations: true }, NETWORK);
      expect(res.json.data.attributes['execution-mode']).toBe('remote');
      expect(res.json.data.relationships['agent-pool']).toEqual({ data: null });
    });
  });
});

describe('terraform: errors (§4, §5)', () => {
  it('answers 401 with a JSON:API error for a missing, unknown or non-bearer token', async () => {
    for (const options of [
      { token: null },
      { token: 'nope' },
      { token: null, headers: { authorization: `Basic ${emu.token}` } },
      { token: EMULATOR_TENANTS.acme.tokens.vertra },
    ]) {
      for (const res of [await get(`/workspaces/${BILLING}`, options), await patch({ name: 'x' }, BILLING, options)]) {
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe(JSON_API);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect(res.json).toEqual(UNAUTHORIZED);
      }
    }
    expect((await attributesOf()).name).toBe('billing-prod');
  });

  it('answers 404 for an unknown workspace, organization or name, and an unknown path', async () => {
    for (const path of [
      '/workspaces/ws-0000000000000000',
      '/organizations/my-organization/workspaces/nope',
      '/organizations/nope/workspaces/billing-prod',
      '/organizations/globex-corp/workspaces/billing-prod',
      `/workspaces/${BILLING}/extra`,
      '/workspaces',
      '/organizations/my-organization/workspaces',
    ]) {
      const res = await get(path);
      expect([res.status, res.json], path).toEqual([404, NOT_FOUND]);
      expect(res.headers.get('content-type')).toBe(JSON_API);
    }
    expect((await patch({ name: 'x' }, 'ws-0000000000000000')).json).toEqual(NOT_FOUND);
  });

  it('answers a PATCH on the read-only (locked) workspace 404, like a missing one (Admin needed, §1, §4)', async () => {
    for (const token of [emu.token, ACME]) {
      const res = await patch({ description: 'x' }, LEGACY, { token });
      expect([res.status, res.json]).toEqual([404, NOT_FOUND]);
      const byName = await patchBody(
        { data: { type: 'workspaces', attributes: { description: 'x' } } },
        '/organizations/my-organization/workspaces/legacy-network',
        { token },
      );
      expect([byName.status, byName.json]).toEqual([404, NOT_FOUND]);
    }
    expect((await attributesOf(LEGACY)).description).toBe('Pre-2022 network stack, kept for reference');
  });

  it('answers 405 with Allow for another method', async () => {
    for (const path of [`/workspaces/${BILLING}`, '/organizations/my-organization/workspaces/billing-prod']) {
      const res = await call(emu, 'terraform', 'PUT', path, { body: {}, contentType: JSON_API });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, PATCH');
      expect(res.json).toEqual({ errors: [{ status: '405', title: 'method not allowed', detail: 'Use GET, PATCH' }] });
    }
  });

  describe('content type (§1; JSON:API content negotiation, §5)', () => {
    it('takes plain application/json and a body without Content-Type, which the document does not rule out', async () => {
      expect((await patch({ 'auto-apply': false }, BILLING, { contentType: 'application/json' })).status).toBe(200);
      expect((await patch({ 'auto-apply': true }, BILLING, { contentType: null })).status).toBe(200);
      expect(emu.requests.at(-1)?.headers['content-type']).toBeUndefined();
      const params = await patch({ 'auto-apply': false }, BILLING, { contentType: 'application/json; charset=utf-8' });
      expect(params.status).toBe(200);
    });

    it('refuses a body of another media type with 415', async () => {
      const res = await patch({ name: 'x' }, BILLING, { contentType: 'text/plain' });
      expect(res.status).toBe(415);
      expect(res.json).toEqual({
        errors: [
          {
            status: '415',
            title: 'unsupported media type',
            detail: 'Send the request body as application/vnd.api+json',
          },
        ],
      });
    });

    it('refuses the JSON:API type with media type parameters other than ext/profile with 415', async () => {
      const res = await patch({ name: 'x' }, BILLING, { contentType: `${JSON_API}; charset=utf-8` });
      expect(res.status).toBe(415);
      expect(res.json.errors[0]).toMatchObject({ status: '415', title: 'unsupported media type' });
      const profile = await patch({ 'auto-apply': false }, BILLING, {
        contentType: `${JSON_API}; profile="https://example.com/p"`,
      });
      expect(profile.status).toBe(200);
      expect((await attributesOf()).name).toBe('billing-prod');
    });

    it('answers 406 when every JSON:API type in Accept carries other parameters', async () => {
      const refused = await get(`/workspaces/${BILLING}`, { headers: { accept: `${JSON_API}; charset=utf-8` } });
      expect(refused.status).toBe(406);
      expect(refused.json.errors[0]).toMatchObject({ status: '406', title: 'not acceptable' });
      const mixed = await get(`/workspaces/${BILLING}`, {
        headers: { accept: `${JSON_API}; charset=utf-8, ${JSON_API}` },
      });
      expect(mixed.status).toBe(200);
    });
  });

  describe('the JSON:API document (§2)', () => {
    it.each<[string, unknown, string | undefined]>([
      ['an empty body', undefined, undefined],
      ['a body that is not JSON', '{"data":', undefined],
      ['a body without data', { type: 'workspaces', attributes: {} }, '/data'],
      ['data that is not an object', { data: [] }, '/data'],
      ['data without type', { data: { attributes: { name: 'x' } } }, '/data/type'],
      ['a type that is not a string', { data: { type: 7 } }, '/data/type'],
      ['attributes that are not an object', { data: { type: 'workspaces', attributes: ['x'] } }, '/data/attributes'],
    ])('refuses %s with 400', async (_what, body, pointer) => {
      const res = await call(emu, 'terraform', 'PATCH', `/workspaces/${BILLING}`, {
        ...(body === undefined ? {} : { body }),
        contentType: JSON_API,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe(JSON_API);
      expect(res.json).toEqual({
        errors: [
          {
            status: '400',
            title: 'bad request',
            detail: expect.any(String),
            ...(pointer === undefined ? {} : { source: { pointer } }),
          },
        ],
      });
    });

    it('refuses another type or id with 409, as JSON:API prescribes for a PATCH (§4)', async () => {
      const type = await patchBody({ data: { type: 'projects', attributes: { name: 'x' } } });
      expect(type.status).toBe(409);
      expect(type.json).toEqual({
        errors: [
          {
            status: '409',
            title: 'conflict',
            detail: "The resource type 'projects' does not match this endpoint (workspaces)",
            source: { pointer: '/data/type' },
          },
        ],
      });
      const id = await patchBody({ data: { id: NETWORK, type: 'workspaces', attributes: { name: 'x' } } });
      expect(id.status).toBe(409);
      expect(id.json.errors[0]).toMatchObject({ status: '409', title: 'conflict', source: { pointer: '/data/id' } });
      expect((await attributesOf()).name).toBe('billing-prod');
    });
  });

  describe('invalid attributes: 422, one error object per problem (§2, §4)', () => {
    it('refuses a name already taken in the organization with the body §4 shows', async () => {
      const res = await patch({ name: 'legacy-network' });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe(JSON_API);
      expect(res.json).toEqual({
        errors: [
          {
            status: '422',
            title: 'invalid attribute',
            detail: 'Name has already been taken',
            source: { pointer: '/data/attributes/name' },
          },
        ],
      });
    });

    it.each<[string, Record<string, unknown>, ReturnType<typeof invalid>[]]>([
      ['a space', { name: 'billing prod' }, [invalid('name', 'Name can only include letters, numbers, -, and _.')]],
      ['a dot', { name: 'billing.prod' }, [invalid('name', 'Name can only include letters, numbers, -, and _.')]],
      ['a slash', { name: 'a/b' }, [invalid('name', 'Name can only include letters, numbers, -, and _.')]],
      ['an empty name', { name: '' }, [invalid('name', "Name can't be blank")]],
      ['91 characters', { name: 'n'.repeat(91) }, [invalid('name', 'Name is too long (maximum is 90 characters)')]],
      [
        'bad characters and too long',
        { name: `${'n'.repeat(90)}!` },
        [
          invalid('name', 'Name can only include letters, numbers, -, and _.'),
          invalid('name', 'Name is too long (maximum is 90 characters)'),
        ],
      ],
      ['a number name', { name: 5 }, [invalid('name', 'Name must be a string')]],
      ['a null name', { name: null }, [invalid('name', "Name can't be null")]],
      ['a null description', { description: null }, [invalid('description', "Description can't be null")]],
      ['a number description', { description: 1 }, [invalid('description', 'Description must be a string')]],
      ['a string boolean', { 'auto-apply': 'true' }, [invalid('auto-apply', 'Auto apply must be true or false')]],
      [
        'an unknown execution mode',
        { 'execution-mode': 'cloud' },
        [invalid('execution-mode', 'Execution mode is not included in the list (remote, local, agent)')],
      ],
      [
        'an upper-case execution mode',
        { 'execution-mode': 'REMOTE' },
        [invalid('execution-mode', 'Execution mode is not included in the list (remote, local, agent)')],
      ],
      ...['latest', '1.9', 'v1.9.4', '~>', '1.9.4 || 1.10.0', '', 'one'].map(
        (version): [string, Record<string, unknown>, ReturnType<typeof invalid>[]] => [
          `terraform version ${JSON.stringify(version)}`,
          { 'terraform-version': version },
          [
            invalid(
              'terraform-version',
              'Terraform version must be an exact version (1.9.4) or a version constraint (~> 1.0.0)',
            ),
          ],
        ],
      ),
      [
        'an absolute working directory',
        { 'working-directory': '/envs/prod' },
        [invalid('working-directory', 'Working directory must be a relative path')],
      ],
      [
        'trigger prefixes that are not strings',
        { 'trigger-prefixes': [1] },
        [invalid('trigger-prefixes', 'Trigger prefixes must be an array of strings')],
      ],
      [
        'a bad auto-destroy-at',
        { 'auto-destroy-at': 'tomorrow' },
        [invalid('auto-destroy-at', 'Auto destroy at must be an ISO 8601 timestamp')],
      ],
      ...['0d', '14', '14m', '10000h', '-1d'].map(
        (duration): [string, Record<string, unknown>, ReturnType<typeof invalid>[]] => [
          `activity duration ${duration}`,
          { 'auto-destroy-activity-duration': duration },
          [
            invalid(
              'auto-destroy-activity-duration',
              'Auto destroy activity duration must be 1 to 4 digits greater than 0 followed by d or h',
            ),
          ],
        ],
      ),
      [
        'agent execution without an agent pool',
        { 'execution-mode': 'agent' },
        [invalid('agent-pool-id', 'Agent pool is required when execution mode is agent')],
      ],
      [
        'an agent pool with remote execution',
        { 'execution-mode': 'remote', 'agent-pool-id': 'apool-ZjT6A7mVFm5WHT5a' },
        [invalid('agent-pool-id', 'Agent pool must be left out when execution mode is remote')],
      ],
      [
        'an agent pool on a remote workspace',
        { 'agent-pool-id': 'apool-ZjT6A7mVFm5WHT5a' },
        [invalid('agent-pool-id', 'Agent pool must be left out when execution mode is remote')],
      ],
      [
        'an agent pool that is no apool- id',
        { 'execution-mode': 'agent', 'agent-pool-id': 'pool-1' },
        [invalid('agent-pool-id', 'Agent pool must be an agent pool ID (apool-…)')],
      ],
      [
        'execution-mode with operations',
        { 'execution-mode': 'remote', operations: true },
        [invalid('operations', 'Operations cannot be sent together with execution-mode')],
      ],
      [
        'setting-overwrites.execution-mode without execution-mode',
        { 'setting-overwrites': { 'execution-mode': true } },
        [invalid('execution-mode', 'Execution mode must be sent when setting-overwrites execution-mode is true')],
      ],
      [
        'a setting overwrite that is no boolean',
        { 'setting-overwrites': { 'agent-pool': 'yes' } },
        [invalid('setting-overwrites', 'Setting overwrites agent-pool must be true or false', '/agent-pool')],
      ],
      [
        'a vcs-repo with both token kinds',
        { 'vcs-repo': { identifier: 'a/b', 'oauth-token-id': 'ot-1', 'github-app-installation-id': 'ghain-1' } },
        [invalid('vcs-repo', 'VCS repo needs exactly one of oauth-token-id and github-app-installation-id')],
      ],
      [
        'a vcs-repo without identifier',
        { 'vcs-repo': { 'oauth-token-id': 'ot-1' } },
        [invalid('vcs-repo', "VCS repo identifier can't be blank", '/identifier')],
      ],
    ])('refuses %s', async (_what, attributes, expected) => {
      const res = await patch(attributes);
      expect(res.status).toBe(422);
      expect(res.json).toEqual({ errors: expected });
      // Nothing was applied.
      expect(await attributesOf()).toEqual(BILLING_DOCUMENT.data.attributes);
    });

    it('reports every problem at once, each with its pointer, and applies none of the valid ones', async () => {
      const res = await patch({
        name: 'legacy-network',
        description: 'fine',
        'execution-mode': 'cloud',
        'terraform-version': 'latest',
        'auto-apply': 1,
      });
      expect(res.status).toBe(422);
      expect(res.json.errors.map((e: { source: { pointer: string } }) => e.source.pointer)).toEqual([
        '/data/attributes/execution-mode',
        '/data/attributes/terraform-version',
        '/data/attributes/auto-apply',
        '/data/attributes/name',
      ]);
      expect(res.json.errors.every((e: { status: string }) => e.status === '422')).toBe(true);
      expect((await attributesOf()).description).toBe('Billing service, production');
    });
  });

  it('answers 429 as §5 shows it through a fault, with the headers given', async () => {
    emu.injectFault('terraform', terraformRateLimitFault({ resetSeconds: 0.5, retryAfterSeconds: 1, method: 'PATCH' }));
    expect((await get(`/workspaces/${BILLING}`)).status).toBe(200); // only PATCH
    const res = await patch({ name: 'x' });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe(JSON_API);
    expect(res.headers.get('x-ratelimit-reset')).toBe('0.5');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.json).toEqual({
      errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: 'Too many requests' }],
    });
    expect((await patch({ name: 'billing-eu' })).status).toBe(200);

    // Without options: no rate-limit header at all (the document promises none).
    emu.injectFault('terraform', terraformRateLimitFault());
    const bare = await get(`/workspaces/${BILLING}`);
    expect(bare.status).toBe(429);
    expect([bare.headers.get('x-ratelimit-reset'), bare.headers.get('retry-after')]).toEqual([null, null]);
  });
});

describe('terraform: tenancy (404 for what a token may not see, §4)', () => {
  it('lets each tenant read and update its own workspaces', async () => {
    expect((await get(`/workspaces/${BILLING}`, { token: ACME })).status).toBe(200);
    expect((await get(`/workspaces/${LEGACY}`, { token: ACME })).status).toBe(200);
    expect((await patch({ description: 'acme' }, BILLING, { token: ACME })).status).toBe(200);
    expect((await get('/organizations/globex-corp/workspaces/network-core', { token: GLOBEX })).status).toBe(200);
    expect((await patch({ description: 'globex' }, NETWORK, { token: GLOBEX })).status).toBe(200);
  });

  it("answers another tenant's workspace exactly like one that does not exist", async () => {
    const missing = await get('/workspaces/ws-0000000000000000', { token: ACME });
    for (const res of [
      await get(`/workspaces/${NETWORK}`, { token: ACME }),
      await get('/organizations/globex-corp/workspaces/network-core', { token: ACME }),
      await patch({ description: 'x' }, NETWORK, { token: ACME }),
      await get(`/workspaces/${BILLING}`, { token: GLOBEX }),
      await get(`/workspaces/${LEGACY}`, { token: GLOBEX }),
      await patch({ description: 'x' }, BILLING, { token: GLOBEX }),
    ]) {
      expect([res.status, res.text, res.headers.get('content-type')]).toEqual([
        missing.status,
        missing.text,
        missing.headers.get('content-type'),
      ]);
    }
    expect(missing.json).toEqual(NOT_FOUND);
    expect((await attributesOf(NETWORK)).description).toBeNull();
  });

  it("refuses another provider's tenant token with 401", async () => {
    for (const token of [EMULATOR_TENANTS.acme.tokens.altostrat, EMULATOR_TENANTS.globex.tokens.vertra]) {
      const res = await get(`/workspaces/${BILLING}`, { token });
      expect([res.status, res.json]).toEqual([401, UNAUTHORIZED]);
    }
    // And the Terraform token opens no other provider.
    expect((await call(emu, 'altostrat', 'GET', '/workspaces/ws_a1b2c3d4e5f6g7h8', { token: ACME })).status).toBe(401);
  });
});

describe('terraform: faults, recording and reset', () => {
  it('records the raw path, headers and parsed JSON:API body', async () => {
    emu.clearRequests();
    await patch({ 'auto-apply': false }, BILLING, { token: ACME });
    await get('/organizations/my-organization/workspaces/billing-prod?include=organization');
    expect(emu.requests).toHaveLength(2);
    const [patched, read] = emu.requests;
    expect(patched).toMatchObject({
      provider: 'terraform',
      method: 'PATCH',
      path: `/workspaces/${BILLING}`,
      rawUrl: `/terraform/api/v2/workspaces/${BILLING}`,
      body: { data: { type: 'workspaces', attributes: { 'auto-apply': false } } },
    });
    expect(patched?.headers['content-type']).toBe(JSON_API);
    expect(patched?.headers.authorization).toBe(`Bearer ${ACME}`);
    expect(read).toMatchObject({
      method: 'GET',
      path: '/organizations/my-organization/workspaces/billing-prod',
      rawUrl: '/terraform/api/v2/organizations/my-organization/workspaces/billing-prod?include=organization',
    });
  });

  it('takes injected faults per method, like the other providers', async () => {
    emu.injectFault('terraform', { status: 503, method: 'PATCH' });
    emu.injectFault('terraform', { kind: 'malformed-json' });
    const read = await get(`/workspaces/${BILLING}`);
    expect([read.status, read.json]).toEqual([200, undefined]);
    const write = await patch({ 'auto-apply': false });
    expect([write.status, write.text]).toEqual([503, '']);
    expect((await patch({ 'auto-apply': false })).status).toBe(200);
  });

  it('reseeds on reset()', async () => {
    await patch({ name: 'renamed', 'execution-mode': 'local', 'terraform-version': '~> 1.0.0' });
    await patch({ description: 'changed' }, NETWORK);
    emu.reset();
    expect((await get(`/workspaces/${BILLING}`)).json).toEqual(BILLING_DOCUMENT);
    expect((await attributesOf(NETWORK)).description).toBeNull();
    expect((await get('/organizations/my-organization/workspaces/billing-prod')).status).toBe(200);
    expect((await get('/organizations/my-organization/workspaces/renamed')).status).toBe(404);
  });

  it('keeps data per emulator instance', async () => {
    const other = await startEmulator();
    try {
      await patch({ name: 'only-here' });
      expect((await call(other, 'terraform', 'GET', `/workspaces/${BILLING}`)).json.data.attributes.name).toBe(
        'billing-prod',
      );
    } finally {
      await other.close();
    }
  });
});
