import { setFlagsFromString } from 'node:v8';

/** How far the old generation may grow past what survived the last full GC: 100 % = 2x. */
const HEAP_GROWING_PERCENT = 100;

/**
 * Under load V8 lets the old generation grow to up to 4x what survived the last full garbage
 * collection before collecting again; with ~45 MB live that let a subgraph serving concurrent
 * `_entities` reads reach ~290 MB RSS. At 2x it stays under 200 MB for the same throughput
 * (BENCHMARKS.md). Unlike `--max-old-space-size` this sets no ceiling: a heavier load still gets
 * the memory it needs. The flag is read at every full GC, so setting it at start-up applies.
 * `node --heap-growing-percent=N` (or V8's `--heap_growing_percent=N`) on the command line wins.
 */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((flag) => flag.replaceAll('_', '-').startsWith('--heap-growing-percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
