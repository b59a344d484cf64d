// Before/after of two builds of the subgraph under the same load, for speed changes:
//
//   npx tsc -p tsconfig.build.json --outDir bench/results/dist-before   (with the change stashed)
//   npx tsc -p tsconfig.build.json --outDir bench/results/dist-after
//   npx tsx bench/ab.ts --before bench/results/dist-before --after bench/results/dist-after \
//       --scenario update,entities --rounds 6 --duration 5
//   (or one build under two settings: --before dist --after dist --log-level-after warn,
//   or --node-flags-after=--max-old-space-size=128, or --env-after METRICS_PORT=0,OTEL_TRACES_SAMPLER=always_on)
//
// The subgraph against peer servers (bench/peers/, the same mutation and upstream call):
//
//   npx tsx bench/ab.ts --peer minimal-apollo --rounds 8 --duration 5   (--before: the build, default dist)
//   npx tsx bench/ab.ts --peer minimal-apollo,mercurius
//
// All sides run side by side (one emulator); the load alternates between them, in the given order
// in odd rounds and reversed in even ones, so that a machine getting faster or slower over the run
// (a VM's neighbours) weighs on all alike. The servers are pinned to CPU 1 and the emulator and
// load generator to CPU 0 (--no-pin to leave placement to the scheduler). Reports medians per
// side, and the median of the rounds' after ÷ before CPU per request (steadier); with --peer, also
// the subgraph's throughput over each peer's, as the median of the rounds' ratios (each round's two
// runs are next to each other in time) and as the ratio of the medians, and its CPU per request
// over the peer's (steadier than throughput on a busy machine).
// --peer runs the update scenario only.
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
  isPeerName,
  MUTATION,
  PEERS,
  preflightEntities,
  preflightUpdate,
  REPRESENTATIONS,
  RESULTS,
  startEmulator,
  startPeer,
  startSubgraph,
  UPDATE_INPUT,
  type PeerName,
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
    // Peer servers instead of --after: the subgraph (--before, default dist) against each.
    peer: { type: 'string' },
    label: { type: 'string' },
    // Every server (both subgraphs, or the subgraph and the peers) on CPU 1, the emulator and the
    // load generator on CPU 0 (on by default: otherwise where the scheduler happens to put each
    // server weighs on the comparison).
    pin: { type: 'boolean', default: true },
    'no-pin': { type: 'boolean', default: false },
  },
});
const PEER_NAMES = (flags.peer ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknownPeer = PEER_NAMES.find((name) => !isPeerName(name));
const SCENARIOS = (flags.scenario ?? 'update').split(',').map((s) => s.trim());
if (
  (PEER_NAMES.length === 0 && (!flags.before || !flags.after)) ||
  (PEER_NAMES.length > 0 && (flags.after !== undefined || SCENARIOS.some((s) => s !== 'update'))) ||
  unknownPeer !== undefined
) {
  process.stderr.write(
    'usage: tsx bench/ab.ts --before <dist> --after <dist> [--scenario update,entities]\n' +
      `       tsx bench/ab.ts [--before <dist>] --peer ${Object.keys(PEERS).join('|')}[,…] (update only)\n`,
  );
  process.exit(2);
}
const ROUNDS = Number(flags.rounds);
const DURATION = Number(flags.duration);
const WARMUP = Number(flags.warmup);
const CONNECTIONS = Number(flags.connections);

interface Side {
  /** before, after, subgraph, or the peer's name. */
  name: string;
  /** The subgraph's build, or the peer's file. */
  what: string;
  peer: boolean;
  server: Awaited<ReturnType<typeof startSubgraph>>;
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
  for (const name of PEER_NAMES.length > 0 ? (['before'] as const) : (['before', 'after'] as const)) {
    const dist = resolve(flags[name] ?? 'dist');
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
    sides.push({
      name: PEER_NAMES.length > 0 ? 'subgraph' : name,
      what: dist,
      peer: false,
      server: subgraph,
      runs: {},
    });
  }
  for (const peer of PEER_NAMES as PeerName[]) {
    const server = await startPeer(emulator, peer, { cpus: pin ? '1' : undefined });
    sides.push({ name: peer, what: PEERS[peer].file, peer: true, server, runs: {} });
  }
  const expected = await expectedUpdateAnswer(emulator);
  const scenarios = SCENARIOS;
  for (const scenario of scenarios) {
    const targetOf = (side: Side): HttpTarget =>
      scenario === 'entities'
        ? graphqlTarget(side.server.url, ENTITIES_QUERY, { representations: REPRESENTATIONS })
        : graphqlTarget(side.server.url, MUTATION, { input: UPDATE_INPUT });
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
          cpu: cpuOf(side.server.process, emulator),
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

  const label = flags.label ?? (PEER_NAMES.length > 0 ? `peer-${PEER_NAMES.join('-')}` : 'ab');
  const summary = {
    label,
    rounds: ROUNDS,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    pinned: pin ? 'servers on CPU 1; emulator and load generator on CPU 0' : false,
    stealDuringRunPercent: stealPercentSince(cpuAtStart),
    otherProcessesDuringRunPercent: 0,
    sides: sides.map((side) => ({
      name: side.name,
      ...(side.peer ? { peer: side.what } : { dist: side.what }),
      peakRssMb: memoryOf(side.server.process).peakRssMb,
      scenarios: Object.fromEntries(Object.entries(side.runs).map(([scenario, runs]) => [scenario, medians(runs)])),
    })),
    /** --peer: the subgraph's throughput over each peer's, update scenario. */
    subgraphOverPeer: PEER_NAMES.length > 0 ? subgraphOverPeers(sides) : {},
  };
  for (const side of sides) await stop(side.server.process);
  await stop(emulator.process);
  summary.otherProcessesDuringRunPercent = foreignBusyPercentSince(cpuAtStart, benchCpuAtStart);

  if (PEER_NAMES.length > 0) {
    printPeers(summary);
  } else {
    printBeforeAfter(summary, scenarios);
  }
  const out = join(RESULTS, `ab-${label}.json`);
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`Written to ${out}\n`);
}

interface Summary {
  sides: { name: string; peakRssMb: number; scenarios: Record<string, ReturnType<typeof medians>> }[];
  subgraphOverPeer: Record<
    string,
    {
      medianOfRoundRatios: number;
      ratioOfMedians: number;
      perRound: number[];
      /** The subgraph's CPU ms per request over the peer's, median of the rounds' ratios. */
      cpuPerRequestRatio: number;
    }
  >;
  otherProcessesDuringRunPercent: number;
  stealDuringRunPercent: number;
}

function printPeers(summary: Summary): void {
  process.stdout.write('\nmedians (update):\n');
  for (const side of summary.sides) {
    const m = side.scenarios['update'];
    if (!m) continue;
    process.stdout.write(
      `  ${side.name}: ${m.rps} req/s, ${m.cpuMsPerRequest} ms CPU/req, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ` +
        `peak RSS ${side.peakRssMb} MB\n`,
    );
  }
  for (const [peer, r] of Object.entries(summary.subgraphOverPeer)) {
    process.stdout.write(
      `  subgraph / ${peer} throughput: ${r.medianOfRoundRatios} (median of the rounds' ratios; ` +
        `ratio of the medians ${r.ratioOfMedians}; rounds ${r.perRound.join(', ')}); ` +
        `CPU per request ${r.cpuPerRequestRatio}× the peer's (median of the rounds' ratios)\n`,
    );
  }
  process.stdout.write(
    `  other processes ${summary.otherProcessesDuringRunPercent}% of the machine, steal ${summary.stealDuringRunPercent}%\n`,
  );
}

function printBeforeAfter(summary: Summary, scenarios: string[]): void {
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
    // Each round's two runs were next to each other in time: their ratio drifts less with the machine.
    const paired = pairedCpuChange(b.perRound, a.perRound);
    process.stdout.write(`    CPU/req after ÷ before, median of rounds: ${paired}\n`);
  }
  process.stdout.write(
    `  peak RSS (whole run, same load on both): ${before?.peakRssMb} → ${after?.peakRssMb} MB; ` +
      `other processes ${summary.otherProcessesDuringRunPercent}% of the machine, steal ${summary.stealDuringRunPercent}%\n`,
  );
}

type RoundFigures = { cpuMsPerRequest: number | undefined };

/** The median of each round's after ÷ before CPU per request, as a change, with the rounds' range. */
function pairedCpuChange(before: RoundFigures[], after: RoundFigures[]): string {
  const cpu = (run: RoundFigures | undefined) => run?.cpuMsPerRequest ?? Number.NaN;
  const ratios = after.map((run, i) => cpu(run) / cpu(before[i])).filter(Number.isFinite);
  if (ratios.length === 0) return 'n/a';
  const asChange = (ratio: number) => change(1, ratio);
  return `${asChange(percentile(ratios, 50))} (rounds ${asChange(Math.min(...ratios))} to ${asChange(Math.max(...ratios))})`;
}

/** Rounds pair up: the subgraph's run i and each peer's run i were in the same round. */
function subgraphOverPeers(sides: Side[]): Summary['subgraphOverPeer'] {
  const median = (values: number[]) => percentile(values, 50);
  const ours = sides[0]?.runs['update'] ?? [];
  return Object.fromEntries(
    sides.slice(1).map((peer) => {
      const theirs = peer.runs['update'] ?? [];
      const perRound = ours.map((run, i) => round(run.rps / (theirs[i]?.rps ?? Number.NaN), 3));
      const ratioOfMedians = median(ours.map((r) => r.rps)) / median(theirs.map((r) => r.rps));
      const cpu = (run: LoadResult | undefined) => run?.cpuMsPerRequest['server'] ?? Number.NaN;
      const cpuPerRound = ours.map((run, i) => cpu(run) / cpu(theirs[i]));
      return [
        peer.name,
        {
          medianOfRoundRatios: round(median(perRound), 3),
          ratioOfMedians: round(ratioOfMedians, 3),
          perRound,
          cpuPerRequestRatio: round(median(cpuPerRound), 3),
        },
      ];
    }),
  );
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
