/**
 * `npm run schema`: writes schema.graphql, the subgraph SDL exactly as `_service { sdl }`
 * returns it (what composition tools consume). `--check` exits 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { subgraphSdl } from '../src/server/schema/subgraph-sdl';

const SCHEMA_FILE = resolve(__dirname, '..', 'schema.graphql');

async function main(): Promise<void> {
  const sdl = await subgraphSdl();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== sdl) {
      console.error('schema.graphql is stale: run `npm run schema` and commit it.');
      process.exit(1);
    }
    console.log('schema.graphql is up to date.');
    return;
  }
  writeFileSync(SCHEMA_FILE, sdl);
  console.log(`Wrote ${SCHEMA_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
