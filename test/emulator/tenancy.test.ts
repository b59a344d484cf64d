// Tenant tokens over real HTTP: each tenant sees and changes only its own seeded workspaces, a
// token opens only its own provider, and the main token still sees everything.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EMULATED_PROVIDERS,
  type EmulatedProvider,
  type Emulator,
  EMULATOR_TENANTS,
  type EmulatorTenants,
  SEEDED_WORKSPACES,
  startEmulator,
} from '../../src/emulator';
import { call, type CallResult } from './helpers';

type Tenant = keyof typeof EMULATOR_TENANTS;
const TENANTS = Object.keys(EMULATOR_TENANTS) as Tenant[];

/**
 * How to address and update one provider's workspaces, and how it refuses a workspace the token may not
 * touch: 403 and its body (undefined: none), or HCP Terraform's 404, which hides whether it exists.
 */
const API: Record<
  EmulatedProvider,
  {
    path: (reference: string) => string;
    method: string;
    body: (reference: string) => unknown;
    contentType?: string;
    refused: { status: number; body: unknown };
  }
> = {
  blaxel: {
    path: (ref) => `/workspaces/${ref}`,
    method: 'PUT',
    body: (ref) => ({ displayName: `Edit ${ref}` }),
    refused: {
      status: 403,
      body: { error: 'forbidden', message: expect.stringMatching(/^You do not have permission to /) },
    },
  },
  dreadnode: {
    path: (ref) => `/org/${ref.replace('/', '/ws/')}`,
    method: 'PUT',
    body: (ref) => ({ description: `Edit ${ref}` }),
    refused: { status: 403, body: { code: 403, detail: 'Access forbidden', type: 'permission_denied' } },
  },
  flashback: {
    path: (ref) => `/workspace/${ref}`,
    method: 'PUT',
    body: (ref) => ({ name: `Edit ${ref}` }), // names are unique in an organisation
    refused: {
      status: 403,
      body: { success: false, message: expect.stringMatching(/^Insufficient permissions to /) },
    },
  },
  vertra: {
    path: (ref) => `/workspaces/${ref}`,
    method: 'PUT',
    body: (ref) => ({ updates: { description: `Edit ${ref}` } }),
    refused: {
      status: 403,
      body: { code: 'FORBIDDEN', message: expect.stringMatching(/^You do not have permission to /) },
    },
  },
  altostrat: {
    path: (ref) => `/workspaces/${ref}`,
    method: 'PATCH',
    body: (ref) => ({ description: `Edit ${ref}` }),
    refused: { status: 403, body: undefined },
  },
  terraform: {
    path: (ref) => `/workspaces/${ref}`,
    method: 'PATCH',
    body: (ref) => ({ data: { type: 'workspaces', attributes: { description: `Edit ${ref}` } } }),
    contentType: 'application/vnd.api+json',
    refused: { status: 404, body: { errors: [{ status: '404', title: 'not found' }] } },
  },
};

const token = (tenant: Tenant, provider: EmulatedProvider): string => EMULATOR_TENANTS[tenant].tokens[provider];
const owns = (tenant: Tenant, provider: EmulatedProvider, reference: string): boolean =>
  EMULATOR_TENANTS[tenant].workspaces.includes(`${provider}:${reference}`);

function expectRefused(provider: EmulatedProvider, res: CallResult): void {
  const { status, body } = API[provider].refused;
  expect(res.status).toBe(status);
  if (body === undefined) expect(res.text).toBe('');
  else expect(res.json).toEqual(body);
}

/** Everything a client can see of a refusal. */
const refusal = (res: CallResult) => ({
  status: res.status,
  text: res.text,
  wwwAuthenticate: res.headers.get('www-authenticate'),
});

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

describe('the built-in tenants', () => {
  it('share out every seeded workspace: one writable per provider each, read-only ones with acme', () => {
    const all = TENANTS.flatMap((t) => EMULATOR_TENANTS[t].workspaces);
    const seeded = EMULATED_PROVIDERS.flatMap((p) => SEEDED_WORKSPACES[p].map((w) => `${p}:${w.reference}`));
    expect([...all].sort()).toEqual([...seeded].sort());
    for (const provider of EMULATED_PROVIDERS) {
      for (const tenant of TENANTS) {
        const writable = SEEDED_WORKSPACES[provider].filter((w) => !w.readOnly && owns(tenant, provider, w.reference));
        expect(writable.length, `${tenant} on ${provider}`).toBeGreaterThanOrEqual(1);
      }
      for (const w of SEEDED_WORKSPACES[provider].filter((s) => s.readOnly)) {
        expect(owns('acme', provider, w.reference)).toBe(true);
      }
    }
  });

  it('name their tokens <tenant>-<provider>-token', () => {
    for (const tenant of TENANTS) {
      for (const provider of EMULATED_PROVIDERS) expect(token(tenant, provider)).toBe(`${tenant}-${provider}-token`);
    }
  });

  it('match examples/tenant-credentials.json exactly', () => {
    const file: unknown = JSON.parse(
      readFileSync(resolve(__dirname, '../../examples/tenant-credentials.json'), 'utf8'),
    );
    const expected = Object.fromEntries(
      Object.entries(EMULATOR_TENANTS).map(([tenant, { tokens }]) => [tenant, { ...tokens }]),
    );
    expect(file).toEqual(expected);
    // Same order too, so the file reads like the constant.
    expect(JSON.stringify(file)).toBe(JSON.stringify(expected));
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(EMULATOR_TENANTS.acme.workspaces)).toBe(true);
    expect(Object.isFrozen(EMULATOR_TENANTS.globex.tokens)).toBe(true);
  });
});

describe.each(EMULATED_PROVIDERS)('%s', (provider) => {
  const api = API[provider];
  const seeded = SEEDED_WORKSPACES[provider];
  const update = (reference: string, auth: string) =>
    call(emu, provider, api.method, api.path(reference), {
      token: auth,
      body: api.body(reference),
      ...(api.contentType === undefined ? {} : { contentType: api.contentType }),
    });

  it.each(TENANTS)('%s reads and updates its own workspaces and is refused the others', async (tenant) => {
    const auth = token(tenant, provider);
    for (const { reference, readOnly } of seeded) {
      const read = await call(emu, provider, 'GET', api.path(reference), { token: auth });
      const write = await update(reference, auth);
      if (owns(tenant, provider, reference)) {
        expect(read.status, `GET ${reference}`).toBe(200);
        if (readOnly) expectRefused(provider, write);
        else expect(write.status, `${api.method} ${reference}`).toBe(200);
      } else {
        expectRefused(provider, read);
        expectRefused(provider, write);
      }
    }
  });

  it("leaves the other tenant's workspace untouched when refused", async () => {
    const globexOnly = seeded.find((w) => owns('globex', provider, w.reference)) as { reference: string };
    const before = await call(emu, provider, 'GET', api.path(globexOnly.reference));
    expectRefused(provider, await update(globexOnly.reference, token('acme', provider)));
    expect((await call(emu, provider, 'GET', api.path(globexOnly.reference))).json).toEqual(before.json);
  });

  it("refuses another provider's token exactly like an unknown token", async () => {
    const own = seeded[0] as { reference: string };
    const unknown = await call(emu, provider, 'GET', api.path(own.reference), { token: 'not-a-token' });
    expect(unknown.status).toBe(provider === 'flashback' ? 400 : 401); // Flashback documents a 400
    for (const other of EMULATED_PROVIDERS.filter((p) => p !== provider)) {
      for (const tenant of TENANTS) {
        const read = await call(emu, provider, 'GET', api.path(own.reference), { token: token(tenant, other) });
        expect(refusal(read), `${tenant}'s ${other} token`).toEqual(refusal(unknown));
        const write = await update(own.reference, token(tenant, other));
        expect(refusal(write)).toEqual(refusal(unknown));
      }
    }
  });

  it('answers 404 for a workspace that does not exist, to a tenant too', async () => {
    const missing = await call(emu, provider, 'GET', api.path(provider === 'dreadnode' ? 'acme/nope' : 'nope'), {
      token: token('globex', provider),
    });
    expect(missing.status).toBe(404);
    expect((await update(provider === 'dreadnode' ? 'acme/nope' : 'nope', token('acme', provider))).status).toBe(404);
  });

  it('still lets the main token read every workspace and update every writable one', async () => {
    for (const { reference, readOnly } of seeded) {
      expect((await call(emu, provider, 'GET', api.path(reference))).status).toBe(200);
      const write = await update(reference, emu.token);
      if (readOnly) expectRefused(provider, write);
      else expect(write.status).toBe(200);
    }
  });
});

describe('access follows the record, not its reference', () => {
  it('blaxel: a rename keeps the owner in and the other tenant out', async () => {
    const acme = token('acme', 'blaxel');
    const globex = token('globex', 'blaxel');
    const renamed = await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', {
      token: acme,
      body: { name: 'acme-renamed' },
    });
    expect(renamed.status).toBe(200);
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/acme-renamed', { token: acme })).status).toBe(200);
    expect(
      (await call(emu, 'blaxel', 'PUT', '/workspaces/acme-renamed', { token: acme, body: { displayName: 'Again' } }))
        .status,
    ).toBe(200);
    expectRefused('blaxel', await call(emu, 'blaxel', 'GET', '/workspaces/acme-renamed', { token: globex }));
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace', { token: acme })).status).toBe(404);

    // A name the other tenant's workspace gave up does not bring its access along.
    await call(emu, 'blaxel', 'PUT', '/workspaces/staging', { token: globex, body: { name: 'globex-renamed' } });
    await call(emu, 'blaxel', 'PUT', '/workspaces/acme-renamed', { token: acme, body: { name: 'staging' } });
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/staging', { token: acme })).json.id).toBe('ws-7f3c9a12');
    expectRefused('blaxel', await call(emu, 'blaxel', 'GET', '/workspaces/staging', { token: globex }));
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/globex-renamed', { token: globex })).status).toBe(200);
  });

  it('dreadnode: a key change keeps the owner in and the other tenant out', async () => {
    const acme = token('acme', 'dreadnode');
    const globex = token('globex', 'dreadnode');
    const moved = await call(emu, 'dreadnode', 'PUT', '/org/acme/ws/platform', {
      token: globex,
      body: { key: 'plat' },
    });
    expect(moved.status).toBe(200);
    expect((await call(emu, 'dreadnode', 'GET', '/org/acme/ws/plat', { token: globex })).status).toBe(200);
    expectRefused('dreadnode', await call(emu, 'dreadnode', 'GET', '/org/acme/ws/plat', { token: acme }));
    expectRefused(
      'dreadnode',
      await call(emu, 'dreadnode', 'PUT', '/org/acme/ws/plat', { token: acme, body: { name: 'x' } }),
    );
    expect((await call(emu, 'dreadnode', 'GET', '/org/acme/ws/platform', { token: globex })).status).toBe(404);
  });

  it('reset() reseeds the data and keeps the tenants', async () => {
    const acme = token('acme', 'blaxel');
    await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', { token: acme, body: { name: 'moved' } });
    emu.reset();
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace', { token: acme })).status).toBe(200);
    expectRefused('blaxel', await call(emu, 'blaxel', 'GET', '/workspaces/staging', { token: acme }));
  });
});

it('records tenant calls, refused ones included', async () => {
  emu.clearRequests();
  await call(emu, 'vertra', 'GET', '/workspaces/org456', { token: token('acme', 'vertra') });
  expect(emu.requests).toHaveLength(1);
  expect(emu.requests[0]).toMatchObject({
    provider: 'vertra',
    method: 'GET',
    path: '/workspaces/org456',
    headers: { authorization: 'Bearer acme-vertra-token' },
  });
});

describe('the tenants option', () => {
  const soloTokens = Object.fromEntries(EMULATED_PROVIDERS.map((p) => [p, `solo-${p}`])) as Record<
    EmulatedProvider,
    string
  >;
  const solo: EmulatorTenants = { solo: { tokens: soloTokens, workspaces: ['vertra:org456'] } };

  it('replaces the built-in tenants', async () => {
    const custom = await startEmulator({ tenants: solo, token: 'main' });
    try {
      expect((await call(custom, 'vertra', 'GET', '/workspaces/org456', { token: 'solo-vertra' })).status).toBe(200);
      expectRefused('vertra', await call(custom, 'vertra', 'GET', '/workspaces/org123', { token: 'solo-vertra' }));
      const builtIn = await call(custom, 'vertra', 'GET', '/workspaces/org123', { token: token('acme', 'vertra') });
      expect(builtIn.status).toBe(401);
      expect((await call(custom, 'vertra', 'GET', '/workspaces/org123', { token: 'main' })).status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it('{} leaves only the main token', async () => {
    const none = await startEmulator({ tenants: {} });
    try {
      const res = await call(none, 'altostrat', 'GET', '/workspaces/ws_a1b2c3d4e5f6g7h8', {
        token: token('acme', 'altostrat'),
      });
      expect(res.status).toBe(401);
      expect((await call(none, 'altostrat', 'GET', '/workspaces/ws_a1b2c3d4e5f6g7h8')).status).toBe(200);
    } finally {
      await none.close();
    }
  });

  it('refuses an unknown workspace id and a token used twice', async () => {
    await expect(
      startEmulator({ tenants: { x: { tokens: soloTokens, workspaces: ['vertra:nope'] } } }),
    ).rejects.toThrow(/no seeded workspace vertra:nope/);
    await expect(
      startEmulator({ tenants: { x: { tokens: { ...soloTokens, altostrat: soloTokens.vertra }, workspaces: [] } } }),
    ).rejects.toThrow(/already used/);
  });
});
