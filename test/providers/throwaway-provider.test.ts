// What adding a provider (say a throwaway seventh, "zephyr") takes, checked over the repository:
//
//   - its three folders: src/providers/zephyr/ (with its CONTRACT.md), src/emulator/providers/zephyr/,
//     and its tests: test/providers/zephyr.ts (the fixture every shared suite iterates over) and its
//     own contract tests, test/**/zephyr.test.ts;
//   - the registry lines: an import and a list entry in src/registry/index.ts (facts),
//     src/providers/index.ts (implementations), src/emulator/providers/registry.ts (the twin) and
//     test/providers/index.ts (the fixture; it does not compile without one);
//   - the generated files (schema.graphql, operations/generated/), and what people read (the
//     README, docs/, examples/, the repository's copy of the public contract).
//
// The subgraph's registries are static modules, so a seventh provider cannot be mounted at run time
// without editing them (the emulator's side can: test/emulator/registry.test.ts mounts a throwaway
// seventh twin). So the proof is this scan: no other file of the repository names a provider, in any
// case. The files that still do are listed below, each with the providers it names, until their
// owners move them: a file that names a provider and is not listed fails the test, and so does a
// listed file that no longer names them (the list only shrinks).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_LABELS, PROVIDER_NAMES } from '../../src/domain/provider';
import { SEEDED_WORKSPACES } from '../../src/emulator';
import { PROVIDERS } from '../../src/providers';
import { FACTS_BY_NAME } from '../../src/registry';
import { ALL_FIXTURES, pathOfId, referenceOf } from '.';

const root = resolve(__dirname, '../..');

/** The registries: in each, a provider may be named on its import line and in the list only. */
const REGISTRIES = [
  'src/registry/index.ts',
  'src/providers/index.ts',
  'src/emulator/providers/registry.ts',
  'test/providers/index.ts',
];

/** `import { x } from './<p>';`, `'./<p>/facts'` or, from src/registry, `'../providers/<p>/facts'`. */
const importLine = (provider: string) =>
  new RegExp(`^import \\{ \\w+ \\} from '(\\./|\\.\\./providers/)${provider}(/\\w+)?';$`);
/** A list entry, or a whole list on one line: `  <p>Facts,`, `export const EMULATED = [<p>, …] as const;`. */
const LIST_LINE = /^\s*((export )?const \w+ = [[{] ?)?(\w+, ?)*\w+,?( ?[\]}])?( as const;| satisfies .*)?$/;

/** A provider's own folders and tests. */
const isOwn = (file: string, provider: string) =>
  file.startsWith(`src/providers/${provider}/`) ||
  file.startsWith(`src/emulator/providers/${provider}/`) ||
  file === `test/providers/${provider}.ts` ||
  file.startsWith(`test/providers/${provider}/`) ||
  (file.startsWith('test/') && file.endsWith(`/${provider}.test.ts`));

/** This file: its list below names the providers the pending files name. */
const THIS_FILE = 'test/providers/throwaway-provider.test.ts';

/**
 * Generated files, and what people read: they name every provider by design. The README's fragment
 * (operations/workspace-fields.graphql) selects each details type by hand, like documentation, and
 * test/unit/registry.test.ts checks that it selects every provider's.
 */
const isGeneratedOrDocumentation = (file: string) =>
  file === THIS_FILE ||
  file === 'schema.graphql' ||
  file.startsWith('operations/generated/') ||
  file === 'operations/workspace-fields.graphql' ||
  file === 'test/fixtures/schema-contract.graphql' ||
  file.endsWith('.md') ||
  file.startsWith('docs/') ||
  file.startsWith('examples/');

/**
 * Files outside the rule today, each with the providers it names; their owners are moving them
 * (src/ and the emulator's tests are not this suite's to edit). Comments count: they too name a
 * provider where the code is shared.
 */
const PENDING: Record<string, readonly string[]> = {
  // Benchmarks: their own provider lists, and paths through one provider only.
  'bench/layers.ts': ['vertra'],
  'bench/minimal-proxy.ts': ['vertra'],
  'bench/peers/shared.ts': ['vertra'],
  'bench/run.ts': ['vertra'],
  'bench/stack.ts': ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat'],
  // The schema's classes: examples in descriptions and comments.
  'resolvers/results.ts': ['vertra'],
  'resolvers/types/enums.ts': ['vertra'],
  'resolvers/types/update-workspace.ts': ['blaxel', 'dreadnode', 'vertra', 'altostrat'],
  'resolvers/types/workspace.ts': ['blaxel', 'dreadnode', 'vertra'],
  // src/: comments and examples in shared code, a provider's helpers on the emulator's public surface,
  // the GraphiQL tabs' example ids.
  'src/emulator/faults.ts': ['vertra'],
  'src/emulator/index.ts': ['terraform'],
  'src/graphiql/default-tabs.ts': ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat'],
  'src/providers/shared/provider-data-source.ts': ['altostrat'],
  'src/server/config/messages.ts': ['blaxel'],
  // The emulator's own tests, per provider in shared files (test/emulator/ is done, not this suite's).
  'test/emulator/cli.test.ts': ['blaxel', 'vertra', 'terraform'],
  'test/emulator/emulator.test.ts': ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat', 'terraform'],
  'test/emulator/extra-workspaces.test.ts': ['blaxel', 'vertra', 'altostrat', 'terraform'],
  'test/emulator/faults.test.ts': ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat'],
  'test/emulator/registry.test.ts': ['blaxel', 'dreadnode', 'flashback', 'vertra', 'terraform'],
  'test/emulator/tenancy.test.ts': ['blaxel', 'dreadnode', 'vertra', 'altostrat'],
  'test/emulator/terraform.test.ts': ['vertra', 'altostrat'],
  // The shared provider code's unit tests (being restructured with src/providers/shared).
  'test/unit/providers/public-failure.test.ts': ['blaxel', 'dreadnode', 'vertra', 'altostrat', 'terraform'],
  'test/unit/providers/resilience.test.ts': ['vertra'],
  'test/unit/providers/retry-policy.test.ts': ['vertra'],
  'test/unit/providers/shared.test.ts': ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat'],
};

/** Every file of the working tree git knows or would add (tracked, and untracked not ignored). */
function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return listed
    .split('\n')
    .filter((file) => file && existsSync(join(root, file)) && statSync(join(root, file)).isFile());
}

/** The text of a file, or null for a binary one. */
function textOf(file: string): string | null {
  const bytes = readFileSync(join(root, file));
  return bytes.includes(0) ? null : bytes.toString('utf8');
}

/**
 * Where each file outside the rule names which provider: file -> provider -> line numbers. A name
 * counts in any case (the label, `<P>_BASE_URL`, `x-<p>-token`, `<P>WorkspaceDetails`).
 */
function providersNamedOutsideTheirFolders(): Map<string, Map<string, number[]>> {
  const found = new Map<string, Map<string, number[]>>();
  for (const file of repositoryFiles()) {
    if (isGeneratedOrDocumentation(file)) continue;
    const text = textOf(file);
    if (text === null) continue;
    const lines = text.toLowerCase().split('\n');
    const original = text.split('\n');
    for (const provider of PROVIDER_NAMES) {
      if (isOwn(file, provider)) continue;
      const numbers = lines
        .map((line, i) => (line.includes(provider) ? i + 1 : 0))
        .filter((n) => n > 0)
        .filter((n) => {
          if (!REGISTRIES.includes(file)) return true;
          const line = original[n - 1] ?? '';
          return !importLine(provider).test(line) && !LIST_LINE.test(line);
        });
      if (numbers.length === 0) continue;
      const byProvider = found.get(file) ?? new Map<string, number[]>();
      byProvider.set(provider, numbers);
      found.set(file, byProvider);
    }
  }
  return found;
}

describe('a provider is its folders, its fixture and its tests, and a line in each registry', () => {
  it.each(PROVIDER_NAMES)('%s has its three folders: the code and its CONTRACT.md, its twin, its tests', (name) => {
    for (const path of [
      `src/providers/${name}/CONTRACT.md`,
      `src/providers/${name}/facts.ts`,
      `src/emulator/providers/${name}/index.ts`,
      `test/providers/${name}.ts`,
      `test/unit/providers/${name}.test.ts`,
    ]) {
      expect(existsSync(join(root, path)), path).toBe(true);
    }
  });

  it('the registries list the same providers, in the same order, one fixture each', () => {
    expect(Object.keys(PROVIDERS)).toEqual(PROVIDER_NAMES);
    expect(ALL_FIXTURES.map((f) => f.provider)).toEqual(PROVIDER_NAMES);
    expect(Object.keys(SEEDED_WORKSPACES).sort()).toEqual([...PROVIDER_NAMES].sort());
  });

  it.each(PROVIDER_NAMES)('%s is named in each registry on its import and its list entry only', (name) => {
    for (const registry of REGISTRIES) {
      const lines = readFileSync(join(root, registry), 'utf8').split('\n');
      const naming = lines.filter((line) => new RegExp(`\\b${name}`, 'i').test(line));
      expect(
        naming.filter((line) => importLine(name).test(line)),
        `${registry}: its import`,
      ).toHaveLength(1);
      expect(naming.filter((line) => LIST_LINE.test(line)).length, `${registry}: its entry`).toBeGreaterThan(0);
    }
  });
});

describe("each provider's fixture agrees with the registry and the emulator", () => {
  it.each(ALL_FIXTURES)('$label: name, label, enum value, header, details type, contract', (f) => {
    const facts = FACTS_BY_NAME[f.provider];
    expect(f.label).toBe(PROVIDER_LABELS[f.provider]);
    expect(f.enumValue).toBe(f.provider.toUpperCase());
    expect(f.tokenHeader).toBe(`x-${f.provider}-token`);
    expect(f.detailsType).toBe(PROVIDERS[f.provider].graphql.details.name);
    expect(f.updateMethod).toBe(f.contract.updateMethod);
    const contentType = Object.entries(f.contract.requestHeaders ?? {}).find(
      ([header]) => header.toLowerCase() === 'content-type',
    )?.[1];
    expect(f.mediaType).toBe(contentType);
    // Its fields, nullable ones and limits are the facts' (the fixture states them as the document does).
    expect([...f.fields].sort()).toEqual(Object.keys(facts.fields).sort());
    const rules = facts.fields as Record<string, { nullable?: boolean; maxLength?: number; itemMaxLength?: number }>;
    expect([...f.nullable].sort()).toEqual(
      Object.keys(rules)
        .filter((field) => rules[field]?.nullable)
        .sort(),
    );
    expect(f.limits.map((l) => `${l.field} ${l.item ? 'item ' : ''}${l.max}`).sort()).toEqual(
      Object.entries(rules)
        .flatMap(([field, rule]) => [
          ...(rule.maxLength ? [`${field} ${rule.maxLength}`] : []),
          ...(rule.itemMaxLength ? [`${field} item ${rule.itemMaxLength}`] : []),
        ])
        .sort(),
    );
    expect(Object.keys(f.samples).sort()).toEqual(Object.keys(facts.inputFields).sort());
  });

  it.each(ALL_FIXTURES)("$label: its seeds are the emulator's, at the paths its pathOf gives", (f) => {
    const seeds = SEEDED_WORKSPACES[f.provider];
    const writable = seeds.filter((s) => !s.readOnly);
    const readOnly = seeds.filter((s) => s.readOnly);
    const asSeed = ({ reference, name }: { reference: string; name: string }) => ({
      id: `${f.provider}:${reference}`,
      name,
    });
    expect({ id: f.writable.id, name: f.writable.name }).toEqual(asSeed(writable[0] as (typeof seeds)[number]));
    expect({ id: f.otherWritable.id, name: f.otherWritable.name }).toEqual(
      asSeed(writable[1] as (typeof seeds)[number]),
    );
    expect({ id: f.readOnly.id, name: f.readOnly.name }).toEqual(asSeed(readOnly[0] as (typeof seeds)[number]));
    for (const seed of [f.writable, f.otherWritable, f.readOnly, f.unknown]) {
      expect(pathOfId(f, seed.id)).toBe(seed.path);
      expect(referenceOf(seed.id).split('/')).toHaveLength(FACTS_BY_NAME[f.provider].reference.segments);
    }
    expect(seeds.map((s) => s.reference)).not.toContain(referenceOf(f.unknown.id));
  });

  it.each(ALL_FIXTURES)('$label: its cases are of its own workspaces', (f) => {
    const inputs = [
      ...f.cases.success,
      ...f.cases.refused,
      ...f.cases.accepted,
      ...f.cases.validation,
      ...f.cases.conflicts,
      ...f.cases.notConflicts,
      ...f.cases.otherAnswers,
      ...f.cases.renames,
      ...f.cases.scrubbed,
    ].map((c) => c.input.id);
    for (const id of [...inputs, ...f.cases.reads.map((r) => r.id)]) expect(id.startsWith(`${f.provider}:`)).toBe(true);
    expect(f.cases.success.length).toBeGreaterThan(0);
  });
});

describe('outside its folders, the registry lines and the generated files, no file names a provider', () => {
  const found = providersNamedOutsideTheirFolders();
  const report = (file: string) =>
    [...(found.get(file) ?? new Map<string, number[]>())].map(
      ([provider, lines]) => `${provider} (${lines.join(', ')})`,
    );

  it('no file outside the list names a provider', () => {
    const unexpected = [...found.keys()]
      .filter((file) => {
        const allowed = PENDING[file] ?? [];
        return [...(found.get(file)?.keys() ?? [])].some((provider) => !allowed.includes(provider));
      })
      .map((file) => `${file}: ${report(file).join('; ')}`);
    expect(unexpected, 'files that name a provider outside its folders (name it through its fixture)').toEqual([]);
  });

  it('the list is exact: each listed file still names each provider listed for it', () => {
    const stale = Object.entries(PENDING)
      .filter(([file, providers]) => providers.some((provider) => !found.get(file)?.has(provider)))
      .map(
        ([file, providers]) => `${file}: listed ${providers.join(', ')}; names ${report(file).join('; ') || 'none'}`,
      );
    expect(stale, 'entries to shorten or remove from PENDING').toEqual([]);
  });

  it("this suite's own files are not on the list: the shared suites name no provider", () => {
    const ours = Object.keys(PENDING).filter(
      (file) =>
        file.startsWith('test/') &&
        !file.startsWith('test/emulator/') &&
        !/^test\/unit\/providers\/(shared|resilience|retry-policy|public-failure)\.test\.ts$/.test(file),
    );
    expect(ours).toEqual([]);
  });
});
