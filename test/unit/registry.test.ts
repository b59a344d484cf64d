// The provider registry is the single source of each provider's facts: everything that lists
// providers is derived from it, or checked against it here, so a provider missing anywhere fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EMULATED_PROVIDERS, EMULATOR_TENANTS, PROVIDER_PREFIXES, SEEDED_WORKSPACES } from '../../src/emulator';
import { PROVIDERS } from '../../src/providers';
import { PATCH_FIELDS, PROVIDER_FACTS, PROVIDER_NAMES } from '../../src/registry';

const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const schema = buildSchema(read('schema.graphql'));

describe('the registry', () => {
  it('lists every provider folder, and every implementation under the same names, in the same order', () => {
    const folders = readdirSync(join(root, 'src/providers'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
      .map((entry) => entry.name);
    expect([...PROVIDER_NAMES].sort()).toEqual(folders.sort());
    expect(Object.keys(PROVIDERS)).toEqual(PROVIDER_NAMES);
    for (const name of PROVIDER_NAMES) expect(PROVIDERS[name].facts).toBe(PROVIDER_FACTS.find((f) => f.name === name));
  });

  it('the emulator serves every registered provider (it keeps its own list: it imports nothing from src/providers)', () => {
    expect([...EMULATED_PROVIDERS].sort()).toEqual([...PROVIDER_NAMES].sort());
    for (const name of PROVIDER_NAMES) {
      expect(PROVIDER_PREFIXES[name], name).toMatch(/^\//);
      expect(SEEDED_WORKSPACES[name]?.length, name).toBeGreaterThan(0);
    }
  });
});

describe('the schema, derived from the registry', () => {
  it('WorkspaceProvider has one value per provider', () => {
    const type = schema.getType('WorkspaceProvider');
    if (!isEnumType(type)) throw new Error('no WorkspaceProvider enum');
    expect(type.getValues().map((v) => v.name)).toEqual(PROVIDER_NAMES.map((name) => name.toUpperCase()));
  });

  it("WorkspaceDetails has each provider's details type", () => {
    const type = schema.getType('WorkspaceDetails');
    if (!isUnionType(type)) throw new Error('no WorkspaceDetails union');
    expect(type.getTypes().map((t) => t.name)).toEqual(
      PROVIDER_NAMES.map((name) => PROVIDERS[name].graphql.details.name),
    );
  });

  it('UpdateWorkspaceInput has id, every input field of the registry and expectedRevision, and its description says who has each', () => {
    const type = schema.getType('UpdateWorkspaceInput');
    if (!isInputObjectType(type)) throw new Error('no UpdateWorkspaceInput');
    expect(Object.keys(type.getFields())).toEqual(['id', ...PATCH_FIELDS, 'expectedRevision']);
    for (const facts of PROVIDER_FACTS) {
      for (const field of Object.keys(facts.inputFields))
        expect(type.description).toMatch(new RegExp(`${field}\\b.*${facts.label}`));
    }
  });

  it("Workspace's description shows every provider's id shape", () => {
    const description = schema.getType('Workspace')?.description ?? '';
    for (const facts of PROVIDER_FACTS) expect(description).toContain(`${facts.name}:${facts.reference.example}`);
  });
});

describe('what people read, checked against the registry', () => {
  const readme = read('README.md');

  it.each(PROVIDER_FACTS.map((f) => [f.label, f] as const))('the README covers %s', (_label, facts) => {
    // The provider error table has a column per provider, headed by its label.
    const first = PROVIDER_FACTS[0]?.label ?? '';
    const errorTable = readme.split('\n').find((line) => line.startsWith('| result ') && line.includes(first));
    expect(errorTable, 'the provider error table').toBeDefined();
    expect(errorTable).toContain(`| ${facts.label} (`);
    // Ids, seeded workspaces and configuration.
    expect(readme).toContain(`\`${facts.name}:${facts.reference.shape}\``);
    expect(readme).toContain(`\`${facts.name}:${SEEDED_WORKSPACES[facts.name]?.[0]?.reference}\``);
    expect(readme).toContain(`\`${facts.name.toUpperCase()}\``);
  });

  it('the README lists every provider wherever it lists them, and counts them right', () => {
    const lines = readme.split('\n');
    const cells = (line: string | undefined) => (line ?? '').split('|').map((cell) => cell.trim());
    // The introduction names them all.
    const intro = readme.slice(0, readme.indexOf('\n## '));
    for (const { label } of PROVIDER_FACTS) expect(intro, 'the introduction').toContain(label);
    // Every seeded workspace, and the tenants table: a column per provider, each tenant's workspaces.
    for (const name of PROVIDER_NAMES) {
      for (const { reference } of SEEDED_WORKSPACES[name] ?? []) expect(readme).toContain(`\`${name}:${reference}\``);
    }
    const tenantsHeader = lines.find((line) => line.startsWith('| tenant '));
    for (const { label } of PROVIDER_FACTS) expect(cells(tenantsHeader), 'the tenants table').toContain(label);
    for (const [tenant, { workspaces }] of Object.entries(EMULATOR_TENANTS)) {
      const row = lines.find((line) => line.startsWith(`| \`${tenant}\``));
      for (const id of workspaces) expect(row, `the tenants table, ${tenant}`).toContain(`\`${id}\``);
    }
    // The fault endpoint's `provider` field and the router's header pattern.
    const faultFields = lines.find((line) => line.startsWith('Fields: `provider` (required: '));
    for (const name of PROVIDER_NAMES) expect(faultFields, 'the fault fields').toContain(`\`${name}\``);
    const propagate = readme.match(/matching: '\^x-\(([^)]*)\)-token\$'/)?.[1];
    expect(propagate?.split('|'), "the router's propagate pattern").toEqual([...PROVIDER_NAMES]);
    // Counts in words: "six SaaS providers", "the six REST contracts", "prints eight lines: six `export".
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
    const count = PROVIDER_FACTS.length;
    const number = `(${words.join('|')})`;
    const counted: [string, number][] = [
      [`${number} SaaS providers`, count],
      [`the ${number} REST contracts`, count],
      [`over the ${number}\\s+providers`, count],
      [`the registry's ${number}\\b`, count],
      [`prints ${number} lines`, count + 2],
      [`lines: ${number} \`export`, count],
      [`paste the ${number} export lines`, count],
    ];
    for (const [pattern, expected] of counted) {
      for (const [phrase, word] of readme.matchAll(new RegExp(`\\b${pattern}`, 'g'))) {
        expect(word, phrase).toBe(words[expected]);
      }
    }
  });

  it("operations/workspace-fields.graphql selects every provider's details", () => {
    const fragment = read('operations/workspace-fields.graphql');
    for (const name of PROVIDER_NAMES) expect(fragment).toContain(`... on ${PROVIDERS[name].graphql.details.name}`);
  });

  it('the domain reads the registry of facts only, never provider code (type imports included)', () => {
    for (const file of readdirSync(join(root, 'src/domain'))) {
      const imports = [...read(`src/domain/${file}`).matchAll(/^(?:import|export) [^;]*from '(\.\.\/[^']*)'/gm)];
      for (const [, source] of imports) expect(source, `src/domain/${file}`).toMatch(/^\.\.\/registry(\/kit)?$/);
    }
  });

  it("the registry is below the domain: it imports only its kit and the providers' facts files, which import only the kit and their own types", () => {
    const sources = (file: string) =>
      [...read(file).matchAll(/^(?:import|export) [^;]*from '([^']*)'/gm)].map((m) => m[1]);
    for (const source of sources('src/registry/index.ts')) {
      expect(source).toMatch(/^\.\/kit$|^\.\.\/providers\/[a-z]+\/facts$/);
    }
    for (const name of PROVIDER_NAMES) {
      for (const source of sources(`src/providers/${name}/facts.ts`)) {
        expect(source, `src/providers/${name}/facts.ts`).toMatch(/^\.\.\/\.\.\/registry\/kit$|^\.\/details$/);
      }
    }
    expect(sources('src/registry/kit.ts')).toEqual([]);
  });
});
