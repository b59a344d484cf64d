/**
 * `npm run compose`: composes schema.graphql with the example teams subgraph using
 * @apollo/composition (the library behind `rover supergraph compose`) and writes
 * supergraph.graphql. Exits 1 and prints the composition errors when composition fails.
 *
 * Subgraph URLs go into the supergraph (a router routes by them): WORKSPACE_SUBGRAPH_URL and
 * TEAMS_SUBGRAPH_URL, defaults http://localhost:4001/graphql and http://localhost:4002/graphql.
 * WORKSPACE_SCHEMA_FILE and TEAMS_SCHEMA_FILE compose other SDL files (e.g. a candidate schema).
 */
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

export type CompositionOutcome = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

export function composeSupergraph(subgraphs: SubgraphSource[]): CompositionOutcome {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

/** This repository's subgraphs: the Workspace subgraph and the example teams subgraph. */
export function repositorySubgraphs(
  urls: { workspaces?: string | undefined; teams?: string | undefined } = {},
  files: { workspaces?: string | undefined; teams?: string | undefined } = {},
): SubgraphSource[] {
  return [
    {
      name: 'workspaces',
      url: urls.workspaces ?? 'http://localhost:4001/graphql',
      sdl: readFileSync(resolve(root, files.workspaces ?? 'schema.graphql'), 'utf8'),
    },
    {
      name: 'teams',
      url: urls.teams ?? 'http://localhost:4002/graphql',
      sdl: readFileSync(resolve(root, files.teams ?? 'examples/teams-subgraph/schema.graphql'), 'utf8'),
    },
  ];
}

function main(): void {
  const { env } = process;
  const subgraphs = repositorySubgraphs(
    { workspaces: env['WORKSPACE_SUBGRAPH_URL'], teams: env['TEAMS_SUBGRAPH_URL'] },
    { workspaces: env['WORKSPACE_SCHEMA_FILE'], teams: env['TEAMS_SCHEMA_FILE'] },
  );
  const outcome = composeSupergraph(subgraphs);
  if (!outcome.ok) {
    console.error(`Composition failed with ${outcome.errors.length} error(s):`);
    for (const error of outcome.errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  const out = resolve(root, process.env['SUPERGRAPH_FILE'] ?? 'supergraph.graphql');
  writeFileSync(out, outcome.supergraphSdl);
  console.log(`Composed ${subgraphs.map((s) => s.name).join(' + ')} into ${out}`);
}

if (require.main === module) main();
