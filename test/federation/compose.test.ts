import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, repositorySubgraphs } from '../../scripts/compose';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..');
const tsx = resolve(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const workdir = mkdtempSync(join(tmpdir(), 'compose-'));

async function script(name: string, env: Record<string, string> = {}, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsx, `scripts/${name}.ts`, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run compose', () => {
  it('composes schema.graphql with the example teams subgraph into a supergraph', async () => {
    const out = join(workdir, 'supergraph.graphql');
    const result = await script('compose', { SUPERGRAPH_FILE: out });
    expect(result.code).toBe(0);
    const supergraph = readFileSync(out, 'utf8');
    expect(supergraph).toContain('WORKSPACES @join__graph(name: "workspaces", url: "http://localhost:4001/graphql")');
    expect(supergraph).toContain('TEAMS @join__graph(name: "teams", url: "http://localhost:4002/graphql")');
    // Both subgraphs' own error types live side by side with the shared Error interface.
    expect(supergraph).toMatch(/type WorkspaceNotFoundError implements Error/);
    expect(supergraph).toMatch(/type NotFoundError implements Error/);
    expect(supergraph).toMatch(/type Workspace\s+@join__type\(graph: TEAMS, key: "id", resolvable: false\)/);
  });

  it('exits non-zero and prints the errors when composition fails', async () => {
    // A subgraph that names its not-found error like the teams subgraph, with other fields:
    // exactly the clash the Workspace prefix avoids.
    const clashing = join(workdir, 'clashing.graphql');
    writeFileSync(
      clashing,
      readFileSync(resolve(root, 'schema.graphql'), 'utf8').replace(/WorkspaceNotFoundError/g, 'NotFoundError'),
    );
    const result = await script('compose', {
      WORKSPACE_SCHEMA_FILE: clashing,
      SUPERGRAPH_FILE: join(workdir, 'x.graphql'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Composition failed');
    expect(result.stderr).toMatch(/NotFoundError/);
  });
});

describe('shared value types', () => {
  const labelsSubgraph = (shareable: boolean) => ({
    name: 'labels',
    url: 'http://localhost:4003/graphql',
    sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
      type WorkspaceLabel ${shareable ? '@shareable' : ''} { key: String! value: String! }
      type Query { popularLabels: [WorkspaceLabel!]! }`,
  });

  it('lets another subgraph define WorkspaceLabel too, because both mark it @shareable', () => {
    expect(composeSupergraph([...repositorySubgraphs(), labelsSubgraph(true)])).toMatchObject({ ok: true });
  });

  it('is refused when the other subgraph does not mark it @shareable', () => {
    const outcome = composeSupergraph([...repositorySubgraphs(), labelsSubgraph(false)]);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? [] : outcome.errors.join('\n')).toMatch(/WorkspaceLabel\.key.*shareable/s);
  });
});

describe('supergraph.yaml (for `rover supergraph compose`)', () => {
  it('lists the subgraphs, URLs and schema files of scripts/compose.ts, at its composition version', () => {
    const config = readFileSync(resolve(root, 'supergraph.yaml'), 'utf8');
    const { dependencies } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(config).toMatch(new RegExp(`^federation_version: =${dependencies['@apollo/composition']}$`, 'm'));
    const listed = [...config.matchAll(/^ {2}([\w-]+):\n {4}routing_url: (\S+)\n {4}schema:\n {6}file: (\S+)$/gm)].map(
      ([, name, url, file]) => ({ name, url, sdl: readFileSync(resolve(root, file as string), 'utf8') }),
    );
    expect(listed).toEqual(repositorySubgraphs());
  });
});

describe('npm run schema:check', () => {
  it('passes when the emitted schema matches schema.graphql', async () => {
    const result = await script('schema-check');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Emitted schema vs committed schema.graphql: no changes');
  });

  it('accounts for every change it counts against the contract', async () => {
    const { stdout } = await script('schema-check');
    const lines = stdout.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Emitted schema vs the public contract: '));
    const [, total, breaking, dangerous, safe] =
      /: (\d+) change\(s\): (\d+) breaking, (\d+) dangerous, (\d+) safe$/.exec(lines[start] ?? '') ?? [];
    expect(Number(total)).toBe(Number(breaking) + Number(dangerous) + Number(safe));
    const listed = lines.slice(start + 1).filter((l) => /^ {2}(BREAKING|dangerous)/.test(l));
    expect(listed).toHaveLength(Number(breaking) + Number(dangerous));
    const counted = lines.slice(start + 1).find((l) => l.includes('not listed one by one'));
    expect(counted).toMatch(new RegExp(`^ {2}safe +${safe} not listed one by one: `));
    const byKind = [...(counted ?? '').matchAll(/(\d+) [A-Z_]+/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(byKind).toBe(Number(safe));
  });

  it('fails on a breaking change unless it is acknowledged', async () => {
    // The committed file has a field the code no longer emits: removing it breaks clients.
    const committed = join(workdir, 'schema-with-extra-field.graphql');
    writeFileSync(
      committed,
      readFileSync(resolve(root, 'schema.graphql'), 'utf8').replace(
        'providerId: String!',
        'providerId: String!\n  legacyId: String',
      ),
    );
    const refused = await script('schema-check', { SCHEMA_FILE: committed });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/BREAKING\s+Field 'legacyId' was removed from object type 'Workspace'/);

    const acknowledged = await script('schema-check', { SCHEMA_FILE: committed }, ['--acknowledge-breaking']);
    expect(acknowledged.code).toBe(0);
  });
});
