// `npm run bench`: the updateWorkspace mutation through the subgraph (a), the same REST call
// straight to the emulator (b), through a minimal hand-written proxy (c), and a 100-representation
// `_entities` read with 20 ms of upstream latency (d), and a 100-item updateWorkspaces batch with
// 150 ms of upstream latency against the same updates as aliased updateWorkspace fields (e,
// bench/bulk.ts); and the same mutation through peer servers that make the proxy's upstream call:
// a minimal Apollo Server 5 subgraph (f, bench/peers/minimal-apollo-subgraph.ts) and a Fastify +
// Mercurius federation subgraph with graphql-jit (g, bench/peers/mercurius-subgraph.ts), each
// checked to answer byte for byte what the subgraph answers, and compared with a and c in a
// peers table. Every process is its own: the emulator, the subgraph (built dist/), the proxy, each
// peer; the load generator runs here.
//
// Flags: --only a,b,c,d,e,f,g   --connections 16   --duration 10   --warmup 2   --samples 30
//        --log-level info (the subgraph's LOG_LEVEL)   --read-concurrency 8
//        --write-concurrency 4 (e; unset: the subgraph's default)   --bulk-samples 5   --aliased-samples 2
//        --cpu-prof (profile the subgraph and peer processes into bench/results/profiles/<scenario>/;
//        summarise with bench/profile-summary.ts)   --dist dist (another build of the subgraph)
//        --node-flags=--max-semi-space-size=32 (node/V8 flags for the subgraph process)
//        --metrics (METRICS_PORT on, scraped every 15 s; off by default)
//        --tracing always_on | traceidratio=0.1 (OTEL_TRACES_SAMPLER[=ARG]; spans exported over
//        OTLP/HTTP to bench/otlp-sink.ts; off by default)
//        --half-rate 900 (a½ at this rate instead of half of a's)
//        --out bench/results/latest.json
// Before/after comparisons of two builds, and the subgraph against a peer in alternated rounds
// (--peer minimal-apollo): bench/ab.ts.
import { existsSync, mkdirSync } from 'node:fs';
import { bulkScenario, BULK_LATENCY_MS } from './bulk';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { percentile, runLoad, sendOnce, type HttpTarget } from './load';
import { runPaced } from './paced';
import { startTelemetry } from './telemetry';
import {
  benchCpuMs,
  cpuMsOf,
  foreignBusyPercentSince,
  installCleanup,
  machineBusyPercent,
  machineCpu,
  memoryOf,
  pinSelf,
  round,
  stealPercentSince,
  stop,
  stopAll,
} from './processes';
import {
  describeMachine,
  ratios,
  summary,
  targets,
  writeJson,
  type BenchResults,
  type EntitiesScenario,
  type LoadScenario,
} from './report';
import {
  control,
  cpuOf,
  ENTITIES_QUERY,
  ENTITY_IDS,
  expectedUpdateAnswer,
  graphqlTarget,
  MUTATION,
  PEERS,
  preflightEntities,
  preflightUpdate,
  REPRESENTATIONS,
  restUpdateTarget,
  RESULTS,
  ROOT,
  startEmulator,
  startPeer,
  startProxy,
  startSubgraph,
  TOKEN,
  UPDATE_INPUT,
  type Emulator,
  type PeerName,
} from './stack';

/** The whole run is cut short (children stopped, exit 1) past this. */
const WATCHDOG_MS = 6 * 60_000;

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string', default: 'a,b,c,d,e,f,g' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    samples: { type: 'string', default: '30' },
    'log-level': { type: 'string', default: 'info' },
    dist: { type: 'string', default: join(ROOT, 'dist') },
    'read-concurrency': { type: 'string', default: '8' },
    'write-concurrency': { type: 'string' },
    'bulk-samples': { type: 'string', default: '5' },
    'aliased-samples': { type: 'string', default: '2' },
    'cpu-prof': { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
    metrics: { type: 'boolean', default: false },
    tracing: { type: 'string' },
    // The rate of a½ (req/s) instead of half of a's: to compare two builds' tails at the same rate.
    'half-rate': { type: 'string' },
    // Subgraph, proxy and peers on CPU 1, emulator and load generator on CPU 0 (as bench/ab.ts does).
    pin: { type: 'boolean', default: false },
    out: { type: 'string', default: join(RESULTS, 'latest.json') },
  },
});
const only = new Set((flags.only ?? '').split(',').map((s) => s.trim()));
const CONNECTIONS = Number(flags.connections);
const DURATION = Number(flags.duration);
const WARMUP = Number(flags.warmup);
const SAMPLES = Number(flags.samples);
const READ_CONCURRENCY = Number(flags['read-concurrency']);
const WRITE_CONCURRENCY = flags['write-concurrency'] === undefined ? undefined : Number(flags['write-concurrency']);
const ENTITIES_LATENCY_MS = 20;
const PIN = flags.pin === true;
const SERVER_CPU = '1';
const LOAD_CPU = '0';

function loadScenario(
  label: string,
  proc: string,
  peakRssMb: number | null,
  load: Awaited<ReturnType<typeof runLoad>>,
): LoadScenario {
  return { label, process: proc, peakRssMb, ...load };
}

/** bench/results/profiles/<scenario>/ under --cpu-prof. */
function cpuProfileDirOf(scenario: string): string | undefined {
  const dir = flags['cpu-prof'] ? join(RESULTS, 'profiles', scenario) : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  return dir;
}

function subgraphOptions(scenario: string) {
  const dist = resolve(flags.dist ?? 'dist');
  const cpuProfileDir = cpuProfileDirOf(scenario);
  const nodeFlags = (flags['node-flags'] ?? '').split(' ').filter(Boolean);
  return {
    nodeFlags,
    dist,
    name: scenario,
    logLevel: flags['log-level'] ?? 'info',
    readConcurrency: READ_CONCURRENCY,
    // a and d measure the subgraph's own cost: the process-wide write lanes (WRITE_CONCURRENCY,
    // default 4 per provider credential) would otherwise queue a's 16 connections behind 4 writes.
    writeConcurrency: WRITE_CONCURRENCY ?? (scenario === 'e' ? undefined : Number(flags.connections)),
    cpuProfileDir,
    cpus: PIN ? SERVER_CPU : undefined,
    env: telemetryEnv,
  };
}

/** METRICS_PORT and OTEL_* for the subgraph (--metrics, --tracing); set once the OTLP sink is up. */
let telemetryEnv: Record<string, string> = {};

async function main(): Promise<void> {
  installCleanup();
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up\n`);
    void stopAll().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();

  if (!existsSync(join(resolve(flags.dist ?? 'dist'), 'src/server/main.js'))) {
    throw new Error(
      `${flags.dist}/src/server/main.js is missing: run \`npm run build\` first (\`npm run bench\` does)`,
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  const startedAt = new Date();
  const load = { connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP };
  const scenarios: BenchResults['scenarios'] = {};
  const log = (message: string) => process.stdout.write(`bench: ${message}\n`);

  const busy = await machineBusyPercent();
  log(`machine ${busy}% busy before the run${busy > 10 ? ' -- other work is running: results will be skewed' : ''}`);
  const cpuAtStart = machineCpu();
  const benchCpuAtStart = benchCpuMs();
  if (PIN) pinSelf(LOAD_CPU);
  const emulator = await startEmulator(PIN ? LOAD_CPU : undefined);
  log(`emulator at ${emulator.url} (pid ${emulator.process.pid})`);
  const telemetry = await startTelemetry({
    metrics: flags.metrics === true,
    tracing: flags.tracing,
    cpus: PIN ? LOAD_CPU : undefined,
  });
  telemetryEnv = telemetry.env;

  const restTarget = restUpdateTarget(emulator);
  const expected = await expectedUpdateAnswer(emulator);

  if (only.has('b')) {
    log('b: REST PUT straight to the emulator');
    const result = await runLoad(restTarget, { ...load, cpu: { server: () => cpuMsOf(emulator.process) } });
    scenarios.b = loadScenario(
      'REST PUT straight to the emulator',
      'emulator',
      memoryOf(emulator.process).peakRssMb,
      result,
    );
    await control(emulator, 'DELETE', '/requests');
  }

  if (only.has('c')) {
    log('c: minimal proxy');
    const proxy = await startProxy(emulator, PIN ? SERVER_CPU : undefined);
    const target = graphqlTarget(proxy.url, MUTATION, { input: UPDATE_INPUT });
    await preflightUpdate(target, expected, 'minimal proxy');
    const result = await runLoad(target, { ...load, cpu: cpuOf(proxy.process, emulator) });
    scenarios.c = loadScenario('minimal node:http + undici proxy', 'proxy', memoryOf(proxy.process).peakRssMb, result);
    await stop(proxy.process);
    await control(emulator, 'DELETE', '/requests');
  }

  for (const peer of Object.keys(PEERS) as PeerName[]) {
    const { scenario, label } = PEERS[peer];
    if (!only.has(scenario)) continue;
    log(`${scenario}: ${label}`);
    const server = await startPeer(emulator, peer, {
      cpus: PIN ? SERVER_CPU : undefined,
      cpuProfileDir: cpuProfileDirOf(scenario),
    });
    const startupRssMb = memoryOf(server.process).rssMb;
    const target = graphqlTarget(server.url, MUTATION, { input: UPDATE_INPUT });
    await preflightUpdate(target, expected, label);
    const result = await runLoad(target, { ...load, cpu: cpuOf(server.process, emulator) });
    scenarios[scenario] = {
      ...loadScenario(label, peer, memoryOf(server.process).peakRssMb, result),
      startupRssMb,
    };
    await stop(server.process);
    await control(emulator, 'DELETE', '/requests');
  }

  if (only.has('a')) {
    log('a: updateWorkspace through the subgraph');
    const subgraph = await startSubgraph(emulator, subgraphOptions('a'));
    const startupRssMb = memoryOf(subgraph.process).rssMb;
    const target = graphqlTarget(subgraph.url, MUTATION, { input: UPDATE_INPUT });
    await preflightUpdate(target, expected, 'subgraph');
    const cpu = cpuOf(subgraph.process, emulator);
    const result = await runLoad(target, { ...load, cpu });
    const afterPeak = memoryOf(subgraph.process).peakRssMb;
    scenarios.a = {
      ...loadScenario('updateWorkspace through the subgraph', 'subgraph', afterPeak, result),
      startupRssMb,
    };
    await control(emulator, 'DELETE', '/requests');
    const rate = flags['half-rate'] ? Number(flags['half-rate']) : Math.max(1, Math.round(result.rps / 2));
    log(`a½: the same at ${rate} req/s (half of a)`);
    const half = await runLoad(target, { connections: CONNECTIONS, durationSeconds: DURATION, overallRate: rate, cpu });
    scenarios.aHalfRate = loadScenario(
      `the same at half of a's rate (${rate} req/s), autocannon overallRate`,
      'subgraph',
      memoryOf(subgraph.process).peakRssMb,
      half,
    );
    log(`a½ paced: the same at ${rate} req/s, evenly spaced (open loop)`);
    const paced = await runPaced(target, { rate, durationSeconds: DURATION, warmupSeconds: WARMUP, cpu });
    scenarios.aHalfRatePaced = {
      label: `the same at ${rate} req/s, evenly paced (open loop)`,
      process: 'subgraph',
      peakRssMb: memoryOf(subgraph.process).peakRssMb,
      ...paced,
    };
    await stop(subgraph.process);
    await control(emulator, 'DELETE', '/requests');
  }

  if (only.has('d')) {
    log(`d: _entities × ${REPRESENTATIONS.length} (${ENTITY_IDS.length} distinct), ${ENTITIES_LATENCY_MS} ms upstream`);
    await control(emulator, 'POST', '/latency', { ms: ENTITIES_LATENCY_MS });
    try {
      scenarios.d = await entitiesScenario(emulator);
    } finally {
      await control(emulator, 'POST', '/latency', { ms: 0 });
      await control(emulator, 'DELETE', '/requests');
    }
  }

  if (only.has('e')) {
    log(`e: updateWorkspaces × 100 over the six providers, ${BULK_LATENCY_MS} ms upstream, vs aliased updateWorkspace`);
    const subgraph = await startSubgraph(emulator, subgraphOptions('e'));
    try {
      scenarios.e = await bulkScenario(emulator, subgraph.url, {
        bulkSamples: Number(flags['bulk-samples']),
        aliasedSamples: Number(flags['aliased-samples']),
        writeConcurrency: WRITE_CONCURRENCY,
      });
    } finally {
      await stop(subgraph.process);
    }
  }

  await stop(emulator.process);
  const exported = await telemetry.stop();
  if (exported)
    log(`OTLP sink: ${exported.spans} spans in ${exported.exports} exports (${Math.round(exported.bytes / 1024)} KiB)`);
  const r = ratios(scenarios);
  const finishedAt = new Date();
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    elapsedSeconds: round((finishedAt.getTime() - startedAt.getTime()) / 1000, 1),
    machine: {
      ...describeMachine(),
      busyBeforeRunPercent: busy,
      otherProcessesDuringRunPercent: foreignBusyPercentSince(cpuAtStart, benchCpuAtStart),
      stealDuringRunPercent: stealPercentSince(cpuAtStart),
    },
    settings: {
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      pinned: PIN
        ? `subgraph, proxy and peers on CPU ${SERVER_CPU}; emulator and load generator on CPU ${LOAD_CPU}`
        : false,
      subgraph: {
        dist: relative(ROOT, resolve(flags.dist ?? 'dist')),
        NODE_ENV: 'production',
        AUTH_MODE: 'off',
        LOG_LEVEL: flags['log-level'],
        READ_CONCURRENCY,
        WRITE_CONCURRENCY: WRITE_CONCURRENCY ?? 'default (4)',
        cpuProf: flags['cpu-prof'],
        nodeFlags: flags['node-flags'],
        METRICS_PORT: telemetryEnv['METRICS_PORT'] ?? 'off',
        tracing: flags.tracing ?? 'off',
      },
      entitiesUpstreamLatencyMs: ENTITIES_LATENCY_MS,
      sequentialSamples: SAMPLES,
    },
    scenarios,
    ratios: r,
    targets: targets(scenarios, r),
  };
  writeJson(flags.out ?? join(RESULTS, 'latest.json'), results);
  process.stdout.write(`\n${summary(results)}\n\nWritten to ${flags.out}\n`);
}

async function entitiesScenario(emulator: Emulator): Promise<EntitiesScenario> {
  // One GET straight to the emulator with the same latency: what "one call" costs here.
  const single: HttpTarget = {
    url: `${emulator.baseUrls.vertra}/workspaces/org123`,
    method: 'GET',
    headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}` },
  };
  const singleTimes: number[] = [];
  for (let i = 0; i < 10; i++) singleTimes.push((await sendOnce(single)).ms);

  const subgraph = await startSubgraph(emulator, subgraphOptions('d'));
  try {
    const startupRssMb = memoryOf(subgraph.process).rssMb;
    const target = graphqlTarget(subgraph.url, ENTITIES_QUERY, { representations: REPRESENTATIONS });
    await preflightEntities(target, 'subgraph');
    for (let i = 0; i < 5; i++) await sendOnce(target); // warm-up

    const times: number[] = [];
    const upstream: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await control(emulator, 'DELETE', '/requests');
      const { status, ms } = await sendOnce(target);
      if (status !== 200) throw new Error(`_entities: HTTP ${status}`);
      times.push(ms);
      upstream.push(((await control(emulator, 'GET', '/requests')) as unknown[]).length);
    }
    await control(emulator, 'DELETE', '/requests');
    const sequentialPeakRssMb = memoryOf(subgraph.process).peakRssMb;
    const loadResult = await runLoad(target, {
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      cpu: cpuOf(subgraph.process, emulator),
    });
    const peak = memoryOf(subgraph.process).peakRssMb;
    return {
      label: `_entities × ${REPRESENTATIONS.length} (${ENTITY_IDS.length} distinct ids, 5 unknown), ${ENTITIES_LATENCY_MS} ms upstream`,
      representations: REPRESENTATIONS.length,
      distinctIds: ENTITY_IDS.length,
      upstreamLatencyMs: ENTITIES_LATENCY_MS,
      readConcurrency: READ_CONCURRENCY,
      singleCallP50Ms: round(percentile(singleTimes, 50)),
      sequential: {
        requests: SAMPLES,
        p50Ms: round(percentile(times, 50)),
        p99Ms: round(percentile(times, 99)),
        maxMs: round(Math.max(...times)),
        upstreamPerRequest: {
          min: Math.min(...upstream),
          max: Math.max(...upstream),
          mean: round(upstream.reduce((a, b) => a + b, 0) / upstream.length),
        },
      },
      load: loadResult,
      process: 'subgraph, fresh',
      startupRssMb,
      sequentialPeakRssMb,
      peakRssMb: peak,
    };
  } finally {
    await stop(subgraph.process);
  }
}

main()
  .catch(async (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopAll();
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    process.exit(process.exitCode ?? 0);
  });
