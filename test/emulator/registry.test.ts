// The emulator's registry: one twin per folder, one list, and everything per provider derived from
// it. A made-up seventh twin is mounted by the same machinery, with no other file edited.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EMULATED_PROVIDERS,
  EMULATOR_TENANTS,
  extraWorkspaceIds,
  PROVIDER_PREFIXES,
  PROVIDER_REST,
  SEEDED_WORKSPACES,
} from '../../src/emulator';
import type { ProviderReply } from '../../src/emulator/providers/api';
import { routeCall } from '../../src/emulator/providers/common';
import { createProviderApis, EMULATED } from '../../src/emulator/providers/registry';
import { BUILT_IN_TENANTS, defineTwin, type Stored } from '../../src/emulator/providers/twin';
import { serveTwins } from '../../src/emulator/server';
import { builtInTenants } from '../../src/emulator/tenants';
import { call, control } from './helpers';

const root = resolve(__dirname, '../..');
const emulatorDir = join(root, 'src/emulator');
const providersDir = join(emulatorDir, 'providers');

/** Every .ts file under a directory, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*? from '([^']+)'/gms)].map((m) => m[1] as string);

describe('the registry', () => {
  it('has one twin per folder under src/emulator/providers, in the order of EMULATED_PROVIDERS', () => {
    const folders = readdirSync(providersDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(EMULATED.map((twin) => twin.name).sort()).toEqual(folders.sort());
    expect(EMULATED_PROVIDERS).toEqual(EMULATED.map((twin) => twin.name));
  });

  it('mounts each twin at its own prefix, which starts with its name and no other prefix shadows', () => {
    expect(PROVIDER_PREFIXES).toEqual(Object.fromEntries(EMULATED.map((twin) => [twin.name, twin.prefix])));
    for (const { name, prefix } of EMULATED) {
      expect(prefix).toMatch(new RegExp(`^/${name}(/[\\w.-]+)*$`));
      for (const other of EMULATED.filter((t) => t.name !== name)) {
        expect(other.prefix === prefix || other.prefix.startsWith(`${prefix}/`), `${other.name} under ${name}`).toBe(
          false,
        );
      }
    }
  });

  it("gives every tenant the token <tenant>-<provider>-token: today's table, as examples/tenant-credentials.json has it", () => {
    expect(Object.keys(EMULATOR_TENANTS)).toEqual([...BUILT_IN_TENANTS]);
    for (const tenant of BUILT_IN_TENANTS) {
      expect(EMULATOR_TENANTS[tenant].tokens).toEqual(
        Object.fromEntries(EMULATED_PROVIDERS.map((p) => [p, `${tenant}-${p}-token`])),
      );
    }
    const file = JSON.parse(readFileSync(join(root, 'examples/tenant-credentials.json'), 'utf8')) as unknown;
    expect(file).toEqual(Object.fromEntries(BUILT_IN_TENANTS.map((t) => [t, EMULATOR_TENANTS[t].tokens])));
    expect(EMULATOR_TENANTS.acme.tokens.blaxel).toBe('acme-blaxel-token');
    expect(EMULATOR_TENANTS.globex.tokens.vertra).toBe('globex-vertra-token');
  });

  it("lists each folder's seeds, their tenants and its extra workspaces", () => {
    for (const twin of EMULATED) {
      const { name, seeded } = twin;
      expect(SEEDED_WORKSPACES[name]).toEqual(
        seeded.map((s) => ({ reference: s.reference, name: s.name, ...(s.readOnly ? { readOnly: true } : {}) })),
      );
      for (const tenant of BUILT_IN_TENANTS) {
        const owned = EMULATOR_TENANTS[tenant].workspaces.filter((id) => id.startsWith(`${name}:`));
        expect(owned).toEqual(seeded.filter((s) => s.tenant === tenant).map((s) => `${name}:${s.reference}`));
      }
      const extras = extraWorkspaceIds(3)[name];
      expect(extras).toEqual(twin.extraReferences(3).map((reference) => `${name}:${reference}`));
      expect(new Set([...extras, ...seeded.map((s) => `${name}:${s.reference}`)]).size).toBe(3 + seeded.length);
      expect(extraWorkspaceIds(0)[name]).toEqual([]);
    }
    // Today's ids, unchanged by the move into folders.
    expect(extraWorkspaceIds(1)).toMatchObject({
      blaxel: ['blaxel:bench-001'],
      dreadnode: ['dreadnode:acme/bench-001'],
      flashback: ['flashback:00000000-0000-4000-8000-000000000001'],
      terraform: ['terraform:ws-bench001'],
    });
    expect(EMULATOR_TENANTS.globex.workspaces).toContain('dreadnode:acme/platform');
  });

  it("gives each twin's REST surface (path, update, refusal) under its name", () => {
    expect(PROVIDER_REST).toEqual(Object.fromEntries(EMULATED.map((twin) => [twin.name, twin.rest])));
    for (const { name, rest, seeded } of EMULATED) {
      expect(['PUT', 'PATCH'], name).toContain(rest.updateMethod);
      for (const { reference } of seeded) expect(rest.path(reference), name).toMatch(/^\/\S+$/);
    }
  });

  it('creates fresh, independent state for each emulator', () => {
    const [a, b] = [createProviderApis(EMULATED), createProviderApis(EMULATED)];
    expect(Object.keys(a)).toEqual([...EMULATED_PROVIDERS]);
    for (const p of EMULATED_PROVIDERS) expect(a[p]).not.toBe(b[p]);
  });
});

describe('the emulator keeps to its folder', () => {
  const files = tsFiles(emulatorDir);

  it('imports nothing outside src/emulator (above all not src/providers)', () => {
    for (const file of files) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = relative(emulatorDir, resolve(dirname(file), spec));
        expect(target.startsWith('..'), `${relative(root, file)} imports ${spec}`).toBe(false);
      }
    }
  });

  it("reaches a provider's folder only from the registry (and the public index, for HCP Terraform's helpers)", () => {
    const folders = EMULATED.map((twin) => join(providersDir, twin.name));
    for (const file of files) {
      if (folders.some((folder) => file.startsWith(`${folder}/`))) continue;
      const reached = importsOf(file)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolve(dirname(file), s))
        .filter((target) => folders.some((folder) => target === folder || target.startsWith(`${folder}/`)));
      const where = relative(emulatorDir, file);
      if (where === 'providers/registry.ts') expect(reached).toHaveLength(EMULATED.length);
      else if (where === 'index.ts') expect(reached).toEqual([join(providersDir, 'terraform')]);
      else expect(reached, where).toEqual([]);
    }
  });
});

describe('a seventh twin, made up here', () => {
  interface Thing {
    id: string;
    name: string;
  }
  const fake = defineTwin({
    name: 'fake',
    prefix: '/fake/v1',
    seeds: () => [
      { tenant: 'acme' as const, readOnly: false, record: { id: 't1', name: 'One' } },
      { tenant: 'globex' as const, readOnly: false, record: { id: 't2', name: 'Two' } },
    ],
    extra: (first: Stored<Thing>, n: number) => ({ readOnly: false, record: { ...first.record, id: `x${n}` } }),
    reference: (entry) => entry.record.id,
    workspaceName: (entry) => entry.record.name,
    rest: {
      path: (reference) => `/things/${reference}`,
      updateMethod: 'PATCH',
      sampleUpdate: () => ({ name: 'Other' }),
      refused: () => ({ status: 403 }),
    },
    api: (seed) => {
      let things = seed();
      return {
        reset: () => {
          things = seed();
        },
        handle: (c) =>
          routeCall(c, {
            pattern: ['things', ':id'],
            methods: {
              GET: ({ id }, { canAccess }): ProviderReply => {
                const thing = things.find((t) => t.record.id === id);
                if (!thing) return { status: 404 };
                return canAccess(thing.record) ? { status: 200, body: thing.record } : { status: 403 };
              },
            },
            unauthorized: () => ({ status: 401 }),
            unknownPath: () => ({ status: 404 }),
            methodNotAllowed: () => ({ status: 405 }),
          }),
      };
    },
  });
  const twins = [...EMULATED, fake];

  it('is served next to the others, with its tenants, extra workspaces and faults', async () => {
    const tenants = builtInTenants(twins);
    expect(tenants.acme.tokens.fake).toBe('acme-fake-token');
    expect(tenants.globex.workspaces).toContain('fake:t2');

    const emu = await serveTwins(twins, { tenants, extraWorkspaces: 1 });
    try {
      const base = (emu.baseUrls as Record<string, string>).fake;
      expect(base).toBe(`${emu.url}/fake/v1`);
      const get = async (path: string, token: string) =>
        (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
      expect(await get(fake.rest.path('t1'), 'acme-fake-token')).toBe(200);
      expect(await get('/things/t2', 'acme-fake-token')).toBe(403);
      expect(await get('/things/t1', 'acme-vertra-token')).toBe(401);
      expect(await get('/things/x1', emu.token)).toBe(200);
      expect(emu.setExtraWorkspaces(2)).toMatchObject({
        fake: ['fake:x1', 'fake:x2'],
        vertra: extraWorkspaceIds(2).vertra,
      });

      expect((await control(emu, 'POST', '/faults', { provider: 'fake', status: 503 })).status).toBe(201);
      expect(await get('/things/t1', emu.token)).toBe(503);
      expect(emu.requests.at(-1)).toMatchObject({ provider: 'fake', path: '/things/t1' });
      // The registry's twins are untouched.
      expect((await call(emu, 'vertra', 'GET', '/workspaces/org123', { token: 'acme-vertra-token' })).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
