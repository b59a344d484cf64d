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
  PROVIDER_REST,
  SEEDED_WORKSPACES,
  startEmulator,
} from '../../src/emulator';
import { call, type CallResult } from './helpers';

type Tenant = keyof typeof EMULATOR_TENANTS;
const TENANTS = Object.keys(EMULATOR_TENANTS) as Tenant[];

const token = (tenant: Tenant, provider: EmulatedProvider): string => EMULATOR_TENANTS[tenant].tokens[provider];
const owns = (tenant: Tenant, provider: EmulatedProvider, reference: string): boolean =>
  EMULATOR_TENANTS[tenant].workspaces.includes(`${provider}:${reference}`);

/**
 * The provider's refusal of a workspace the token may not see (GET) or change (any other method),
 * as its twin answers it: its 403 and body (none: an empty answer), or a 404 that hides it.
 */
function expectRefused(provider: EmulatedProvider, res: CallResult, reference: string, method = 'GET'): void {
  const { status, body } = PROVIDER_REST[provider].refused(reference, method);
  expect(res.status).toBe(status);
  expect(status === 403 || status === 404, `${provider} refuses with ${status}`).toBe(true);
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
  const api = PROVIDER_REST[provider];
  const seeded = SEEDED_WORKSPACES[provider];
  const update = (reference: string, auth: string) =>
    call(emu, provider, api.updateMethod, api.path(reference), {
      token: auth,
      body: api.sampleUpdate(reference),
      ...(api.mediaType === undefined ? {} : { contentType: api.mediaType }),
    });
  const refusedUpdate = (res: CallResult, reference: string) =>
    expectRefused(provider, res, reference, api.updateMethod);
  /** A reference of the seeds' shape that no workspace has: the first seed's, its last segment changed. */
  const missing = (seeded[0]?.reference ?? '').replace(/[^/]+$/, 'nope');

  it.each(TENANTS)('%s reads and updates its own workspaces and is refused the others', async (tenant) => {
    const auth = token(tenant, provider);
    for (const { reference, readOnly } of seeded) {
      const read = await call(emu, provider, 'GET', api.path(reference), { token: auth });
      const write = await update(reference, auth);
      if (owns(tenant, provider, reference)) {
        expect(read.status, `GET ${reference}`).toBe(200);
        if (readOnly) refusedUpdate(write, reference);
        else expect(write.status, `${api.updateMethod} ${reference}`).toBe(200);
      } else {
        expectRefused(provider, read, reference);
        refusedUpdate(write, reference);
      }
    }
  });

  it("leaves the other tenant's workspace untouched when refused", async () => {
    const globexOnly = seeded.find((w) => owns('globex', provider, w.reference)) as { reference: string };
    const before = await call(emu, provider, 'GET', api.path(globexOnly.reference));
    refusedUpdate(await update(globexOnly.reference, token('acme', provider)), globexOnly.reference);
    expect((await call(emu, provider, 'GET', api.path(globexOnly.reference))).json).toEqual(before.json);
  });

  it("refuses another provider's token exactly like an unknown token", async () => {
    const own = seeded[0] as { reference: string };
    const unknown = await call(emu, provider, 'GET', api.path(own.reference), { token: 'not-a-token' });
    // 401, or the 400 of a document that has no 401.
    expect([400, 401]).toContain(unknown.status);
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
    const read = await call(emu, provider, 'GET', api.path(missing), { token: token('globex', provider) });
    expect(read.status).toBe(404);
    expect((await update(missing, token('acme', provider))).status).toBe(404);
    // A provider that refuses with a 404 answers exactly as for a missing workspace: it hides which it is.
    const refused = api.refused(missing, 'GET');
    if (refused.status === 404) expect(read.json).toEqual(refused.body);
  });

  it('still lets the main token read every workspace and update every writable one', async () => {
    for (const { reference, readOnly } of seeded) {
      expect((await call(emu, provider, 'GET', api.path(reference))).status).toBe(200);
      const write = await update(reference, emu.token);
      if (readOnly) refusedUpdate(write, reference);
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
    expectRefused(
      'blaxel',
      await call(emu, 'blaxel', 'GET', '/workspaces/acme-renamed', { token: globex }),
      'acme-renamed',
    );
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace', { token: acme })).status).toBe(404);

    // A name the other tenant's workspace gave up does not bring its access along.
    await call(emu, 'blaxel', 'PUT', '/workspaces/staging', { token: globex, body: { name: 'globex-renamed' } });
    await call(emu, 'blaxel', 'PUT', '/workspaces/acme-renamed', { token: acme, body: { name: 'staging' } });
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/staging', { token: acme })).json.id).toBe('ws-7f3c9a12');
    expectRefused('blaxel', await call(emu, 'blaxel', 'GET', '/workspaces/staging', { token: globex }), 'staging');
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
    expectRefused('dreadnode', await call(emu, 'dreadnode', 'GET', '/org/acme/ws/plat', { token: acme }), 'acme/plat');
    expectRefused(
      'dreadnode',
      await call(emu, 'dreadnode', 'PUT', '/org/acme/ws/plat', { token: acme, body: { name: 'x' } }),
      'acme/plat',
      'PUT',
    );
    expect((await call(emu, 'dreadnode', 'GET', '/org/acme/ws/platform', { token: globex })).status).toBe(404);
  });

  it('reset() reseeds the data and keeps the tenants', async () => {
    const acme = token('acme', 'blaxel');
    await call(emu, 'blaxel', 'PUT', '/workspaces/my-workspace', { token: acme, body: { name: 'moved' } });
    emu.reset();
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/my-workspace', { token: acme })).status).toBe(200);
    expectRefused('blaxel', await call(emu, 'blaxel', 'GET', '/workspaces/staging', { token: acme }), 'staging');
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
      expectRefused(
        'vertra',
        await call(custom, 'vertra', 'GET', '/workspaces/org123', { token: 'solo-vertra' }),
        'org123',
      );
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
