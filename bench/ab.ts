// Before/after of two builds of the subgraph under the same load, for speed changes:
//
//   npx tsc -p tsconfig.build.json --outDir bench/results/dist-before   (with the change stashed)
//   npx tsc -p tsconfig.build.json --outDir bench/results/dist-after
//   npx tsx bench/ab.ts --before bench/results/dist-before --after bench/results/dist-after \
//       --scenario update,entities --rounds 6 --duration 5
//   (or one build under two settings: --before dist --after dist --log-level-after warn,
//   or --node-flags-after=--max-old-space-size=128, or --env-after METRICS_PORT=0,OTEL_TRACES_SAMPLER=always_on)
//
// Both subgraphs run side by side (one emulator); the load alternates between them, before
// first in odd rounds and after first in even ones, so that a machine getting faster or slower
// over the run (a VM's neighbours) weighs on both alike. Both subgraphs are pinned to CPU 1 and
// the emulator and load generator to CPU 0 (--no-pin to leave placement to the scheduler).
// Reports medians per build.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { percentile, runLoad, type HttpTarget, type LoadResult } from './load';
import {
  benchCpuMs,
  foreignBusyPercentSince,
  installCleanup,
  machineCpu,
  memoryOf,
  pinSelf,
  round,
  stealPercentSince,
  stop,
  stopAll,
} from './processes';
import {
  control,
  cpuOf,
  ENTITIES_QUERY,
  expectedUpdateAnswer,
  graphqlTarget,
  MUTATION,
  preflightEntities,
  preflightUpdate,
  REPRESENTATIONS,
  RESULTS,
  startEmulator,
  startSubgraph,
  UPDATE_INPUT,
} from './stack';

const { values: flags } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    scenario: { type: 'string', default: 'update' },
    rounds: { type: 'string', default: '6' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    'log-level': { type: 'string', default: 'info' },
    // The same build under two settings, e.g. --log-level-after warn.
    'log-level-before': { type: 'string' },
    'log-level-after': { type: 'string' },
    'node-flags-before': { type: 'string', default: '' },
    'node-flags-after': { type: 'string', default: '' },
    // More environment for one side, `NAME=value,NAME=value` (e.g. METRICS_PORT, OTEL_*).
    'env-before': { type: 'string', default: '' },
    'env-after': { type: 'string', default: '' },
    label: { type: 'string', default: 'ab' },
    // Both subgraphs on CPU 1, the emulator and the load generator on CPU 0 (on by default:
    // otherwise where the scheduler happens to put each subgraph weighs on the comparison).
    pin: { type: 'boolean', default: true },
    'no-pin': { type: 'boolean', default: false },
  },
});
if (!flags.before || !flags.after) {
  process.stderr.write('usage: tsx bench/ab.ts --before <dist> --after <dist> [--scenario update,entities]\n');
  process.exit(2);
}
const ROUNDS = Number(flags.rounds);
const DURATION = Number(flags.duration);
const WARMUP = Number(flags.warmup);
const CONNECTIONS = Number(flags.connections);

interface Side {
  name: 'before' | 'after';
  dist: string;
  subgraph: Awaited<ReturnType<typeof startSubgraph>>;
  runs: Record<string, LoadResult[]>;
}

async function main(): Promise<void> {
  installCleanup();
  const watchdog = setTimeout(() => void stopAll().finally(() => process.exit(1)), 15 * 60_000);
  watchdog.unref();
  const cpuAtStart = machineCpu();
  const benchCpuAtStart = benchCpuMs();
  const pin = flags.pin && !flags['no-pin'];
  if (pin) pinSelf('0');
  const emulator = await startEmulator(pin ? '0' : undefined);
  const sides: Side[] = [];
  for (const name of ['before', 'after'] as const) {
    const dist = resolve(flags[name] as string);
    const subgraph = await startSubgraph(emulator, {
      dist,
      name: `ab-${name}`,
      logLevel: flags[`log-level-${name}`] ?? flags['log-level'] ?? 'info',
      readConcurrency: 8,
      // The process-wide write lanes (default 4 per provider credential) would queue the load's
      // connections: both sides get one lane per connection, so the builds' own cost is compared.
      writeConcurrency: Number(flags.connections),
      nodeFlags: (flags[`node-flags-${name}`] ?? '').split(' ').filter(Boolean),
      cpus: pin ? '1' : undefined,
      env: Object.fromEntries(
        (flags[`env-${name}`] ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      ),
    });
    sides.push({ name, dist, subgraph, runs: {} });
  }
  const expected = await expectedUpdateAnswer(emulator);
  const scenarios = (flags.scenario ?? 'update').split(',').map((s) => s.trim());
  for (const scenario of scenarios) {
    const targetOf = (side: Side): HttpTarget =>
      scenario === 'entities'
        ? graphqlTarget(side.subgraph.url, ENTITIES_QUERY, { representations: REPRESENTATIONS })
        : graphqlTarget(side.subgraph.url, MUTATION, { input: UPDATE_INPUT });
    if (scenario === 'entities') await control(emulator, 'POST', '/latency', { ms: 20 });
    for (const side of sides) {
      if (scenario === 'entities') await preflightEntities(targetOf(side), side.name);
      else await preflightUpdate(targetOf(side), expected, side.name);
      await runLoad(targetOf(side), { connections: CONNECTIONS, durationSeconds: WARMUP });
      side.runs[scenario] = [];
    }
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const result = await runLoad(targetOf(side), {
          connections: CONNECTIONS,
          durationSeconds: DURATION,
          cpu: cpuOf(side.subgraph.process, emulator),
        });
        side.runs[scenario]?.push(result);
        await control(emulator, 'DELETE', '/requests');
        process.stdout.write(
          `${scenario} round ${r + 1} ${side.name}: ${result.rps} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
            `server CPU ${result.cpuMsPerRequest['server']} ms/req\n`,
        );
      }
    }
    if (scenario === 'entities') await control(emulator, 'POST', '/latency', { ms: 0 });
  }

  const summary = {
    label: flags.label,
    rounds: ROUNDS,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    pinned: pin ? 'subgraphs on CPU 1; emulator and load generator on CPU 0' : false,
    stealDuringRunPercent: stealPercentSince(cpuAtStart),
    otherProcessesDuringRunPercent: 0,
    sides: sides.map((side) => ({
      name: side.name,
      dist: side.dist,
      peakRssMb: memoryOf(side.subgraph.process).peakRssMb,
      scenarios: Object.fromEntries(Object.entries(side.runs).map(([scenario, runs]) => [scenario, medians(runs)])),
    })),
  };
  for (const side of sides) await stop(side.subgraph.process);
  await stop(emulator.process);
  summary.otherProcessesDuringRunPercent = foreignBusyPercentSince(cpuAtStart, benchCpuAtStart);

  process.stdout.write('\nmedians (before → after):\n');
  const [before, after] = summary.sides;
  for (const scenario of scenarios) {
    const b = before?.scenarios[scenario];
    const a = after?.scenarios[scenario];
    if (!a || !b) continue;
    const line = (key: keyof typeof a, unit: string) =>
      `${key} ${b[key]} → ${a[key]} ${unit} (${change(b[key], a[key])})`;
    process.stdout.write(
      `  ${scenario}: ${line('rps', 'req/s')}; ${line('cpuMsPerRequest', 'ms CPU/req')}; ${line('p50Ms', 'ms')}; ${line('p99Ms', 'ms')}\n`,
    );
  }
  process.stdout.write(
    `  peak RSS (whole run, same load on both): ${before?.peakRssMb} → ${after?.peakRssMb} MB; ` +
      `other processes ${summary.otherProcessesDuringRunPercent}% of the machine, steal ${summary.stealDuringRunPercent}%\n`,
  );
  const out = join(RESULTS, `ab-${flags.label}.json`);
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`Written to ${out}\n`);
}

function medians(runs: LoadResult[]) {
  const median = (values: number[]) => round(percentile(values, 50), 3);
  return {
    rps: median(runs.map((r) => r.rps)),
    cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest['server'] ?? Number.NaN)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    perRound: runs.map((r) => ({ rps: r.rps, cpuMsPerRequest: r.cpuMsPerRequest['server'], p99Ms: r.p99Ms })),
  };
}

function change(before: unknown, after: unknown): string {
  if (typeof before !== 'number' || typeof after !== 'number' || before === 0) return '?';
  const pct = (100 * (after - before)) / before;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

main()
  .catch(async (error: unknown) => {
    process.stderr.write(`ab failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    process.exit(process.exitCode ?? 0);
  });
