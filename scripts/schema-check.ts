/**
 * `npm run schema:check`: compares the schema the code emits with
 *   1. the committed schema.graphql (or SCHEMA_FILE) — prints every change; fails on a breaking one unless it is
 *      acknowledged with `-- --acknowledge-breaking` (then run `npm run schema` and commit);
 *   2. the public contract (test/fixtures/schema-contract.graphql, the published contract,
 *      kept verbatim) — a breaking change against it always fails.
 * Uses @graphql-inspector/core, the diff engine behind GraphQL Inspector.
 */
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildASTSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { subgraphSdl } from '../src/server/schema/subgraph-sdl';

const root = resolve(__dirname, '..');
const asSchema = (sdl: string) => buildASTSchema(parse(sdl), { assumeValidSDL: true });
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

const MARK: Record<CriticalityLevel, string> = {
  [CriticalityLevel.Breaking]: 'BREAKING ',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe     ',
};

/**
 * Prints the count of changes per level and lists them: all of them, or, when `showSafe` is false,
 * the breaking and dangerous ones and the safe ones counted by kind (against the contract they are
 * the subgraph's additions: federation directive definitions, descriptions, new types and fields).
 * Returns the breaking ones.
 */
function report(title: string, changes: Change[], showSafe = true): Change[] {
  const of = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level);
  const breaking = of(CriticalityLevel.Breaking);
  const dangerous = of(CriticalityLevel.Dangerous);
  const safe = of(CriticalityLevel.NonBreaking);
  const counts = `${breaking.length} breaking, ${dangerous.length} dangerous, ${safe.length} safe`;
  console.log(`${title}: ${changes.length === 0 ? 'no changes' : `${changes.length} change(s): ${counts}`}`);
  for (const change of showSafe ? changes : [...breaking, ...dangerous]) {
    console.log(`  ${MARK[change.criticality.level]}  ${change.message}`);
  }
  if (!showSafe && safe.length > 0) {
    // Counted by kind instead: mostly the federation directives' definitions and descriptions.
    const kinds = new Map<string, number>();
    for (const change of safe) kinds.set(change.type, (kinds.get(change.type) ?? 0) + 1);
    const summary = [...kinds].sort((a, b) => b[1] - a[1]).map(([type, n]) => `${n} ${type}`);
    console.log(`  ${MARK[CriticalityLevel.NonBreaking]}  ${safe.length} not listed one by one: ${summary.join(', ')}`);
  }
  return breaking;
}

async function main(): Promise<void> {
  const acknowledged = process.argv.includes('--acknowledge-breaking');
  const emitted = asSchema(await subgraphSdl());

  const againstCommitted = report(
    'Emitted schema vs committed schema.graphql',
    await diff(asSchema(read(process.env['SCHEMA_FILE'] ?? 'schema.graphql')), emitted),
  );
  const againstContract = report(
    'Emitted schema vs the public contract',
    await diff(asSchema(read('test/fixtures/schema-contract.graphql')), emitted),
    false,
  );

  let failed = false;
  if (againstContract.length > 0) {
    console.error(`\n${againstContract.length} breaking change(s) against the public contract: not allowed.`);
    failed = true;
  }
  if (againstCommitted.length > 0 && !acknowledged) {
    console.error(
      `\n${againstCommitted.length} breaking change(s) against schema.graphql. If intended, rerun with ` +
        '`npm run schema:check -- --acknowledge-breaking`, then `npm run schema`, and say so in the commit.',
    );
    failed = true;
  }
  if (failed) process.exit(1);
  console.log('\nNo unacknowledged breaking changes.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
