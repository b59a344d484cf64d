// The benchmark's results: the machine, a table, the ratios, the targets, and the JSON file.
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BulkRun, BulkScenario } from './bulk';
import type { LoadResult } from './load';
import type { PacedResult } from './paced';
import { round } from './processes';

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  /** CPU busy on the whole machine just before the run (other work skews the results). */
  busyBeforeRunPercent?: number;
  /** Share of the machine's CPU used by processes other than the benchmark's during the run. */
  otherProcessesDuringRunPercent?: number;
  /** CPU time the hypervisor gave to other guests during the run (a virtual machine's noisy neighbours). */
  stealDuringRunPercent?: number;
}

export interface LoadScenario extends LoadResult {
  label: string;
  /** Which process the peak RSS is of. */
  process: string;
  /** VmHWM at the end of the scenario: the peak over the process's whole life. */
  peakRssMb: number | null;
  /** VmRSS once the process is ready, before any request. */
  startupRssMb?: number;
}

export interface PacedScenario extends PacedResult {
  label: string;
  process: string;
  peakRssMb: number | null;
}

export interface EntitiesScenario {
  label: string;
  representations: number;
  distinctIds: number;
  upstreamLatencyMs: number;
  readConcurrency: number;
  /** One GET straight to the emulator with the same latency: what one call costs. */
  singleCallP50Ms: number;
  sequential: {
    requests: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** Upstream requests the emulator saw per GraphQL request. */
    upstreamPerRequest: { min: number; max: number; mean: number };
  };
  load: LoadResult;
  process: string;
  /** VmRSS once the (fresh) subgraph is ready, before any request. */
  startupRssMb: number;
  /** VmHWM after the sequential requests, before the load. */
  sequentialPeakRssMb: number;
  /** VmHWM at the end, after the load too. */
  peakRssMb: number | null;
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  elapsedSeconds: number;
  machine: Machine;
  settings: Record<string, unknown>;
  scenarios: {
    a?: LoadScenario;
    aHalfRate?: LoadScenario;
    aHalfRatePaced?: PacedScenario;
    b?: LoadScenario;
    c?: LoadScenario;
    d?: EntitiesScenario;
    e?: BulkScenario;
    /** The minimal Apollo Server 5 subgraph (bench/peers/minimal-apollo-subgraph.ts). */
    f?: LoadScenario;
    /** Fastify + Mercurius with graphql-jit (bench/peers/mercurius-subgraph.ts). */
    g?: LoadScenario;
  };
  ratios: {
    aOverC: number | null;
    aOverB: number | null;
    /** The subgraph's throughput over the minimal Apollo subgraph's (the issue's target: >= 1.0). */
    aOverF: number | null;
    aOverG: number | null;
    /** a, c and the peers: each one's throughput over the proxy's and over the subgraph's. */
    peers: PeerRow[];
  };
  targets: Target[];
}

export interface PeerRow {
  key: 'a' | 'c' | 'f' | 'g';
  label: string;
  rps: number;
  /** Throughput over the minimal proxy's (c). */
  overC: number | null;
  /** Throughput over the subgraph's (a). */
  overA: number | null;
  cpuMsPerRequest: number | null;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number | null;
  startupRssMb: number | null;
}

export function describeMachine(): Machine {
  const cpuinfo = safeRead('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const nproc = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || cpus().length;
  return {
    nproc,
    cpuModel: model,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function ratios(scenarios: BenchResults['scenarios']): BenchResults['ratios'] {
  const a = scenarios.a?.rps;
  const over = (x: number | undefined, y: number | undefined) => (x && y ? round(x / y) : null);
  const peers: PeerRow[] = [];
  for (const key of ['a', 'f', 'g', 'c'] as const) {
    const s = scenarios[key];
    if (!s) continue;
    peers.push({
      key,
      label: s.label,
      rps: s.rps,
      overC: over(s.rps, scenarios.c?.rps),
      overA: over(s.rps, a),
      cpuMsPerRequest: s.cpuMsPerRequest['server'] ?? null,
      p50Ms: s.p50Ms,
      p99Ms: s.p99Ms,
      peakRssMb: s.peakRssMb,
      startupRssMb: s.startupRssMb ?? null,
    });
  }
  return {
    aOverC: over(a, scenarios.c?.rps),
    aOverB: over(a, scenarios.b?.rps),
    aOverF: over(a, scenarios.f?.rps),
    aOverG: over(a, scenarios.g?.rps),
    peers,
  };
}

export function targets(scenarios: BenchResults['scenarios'], r: BenchResults['ratios']): Target[] {
  const list: Target[] = [];
  if (r.aOverC !== null) {
    list.push({ name: 'a/c throughput', goal: '>= 0.6', measured: r.aOverC.toFixed(2), met: r.aOverC >= 0.6 });
  }
  if (r.aOverF !== null) {
    list.push({
      name: 'a/f throughput (subgraph / minimal Apollo subgraph), this run; the issue counts the median of alternated rounds (bench/ab.ts --peer minimal-apollo)',
      goal: '>= 1.0',
      measured: r.aOverF.toFixed(2),
      met: r.aOverF >= 1,
    });
  }
  const half = scenarios.aHalfRate;
  if (half) {
    list.push({
      name: `p99 of a at half its peak rate (${half.overallRate ?? '?'} req/s), autocannon overallRate (bursty)`,
      goal: '< 10 ms',
      measured: `${half.p99Ms.toFixed(2)} ms`,
      met: half.p99Ms < 10,
    });
  }
  const paced = scenarios.aHalfRatePaced;
  if (paced) {
    list.push({
      name: `p99 of a at half its peak rate (${paced.rate} req/s), evenly paced`,
      goal: '< 10 ms',
      measured: `${paced.p99Ms.toFixed(2)} ms`,
      met: paced.p99Ms < 10,
    });
  }
  const d = scenarios.d;
  if (d) {
    const { min, max } = d.sequential.upstreamPerRequest;
    list.push({
      name: 'd: one upstream request per distinct workspace',
      goal: `${d.distinctIds} per request`,
      measured: min === max ? `${min} per request` : `${min}..${max} per request`,
      met: min === d.distinctIds && max === d.distinctIds,
    });
    const limit = 3 * d.upstreamLatencyMs;
    list.push({
      name: `d: wall time (sequential p50) under 3 x one call's ${d.upstreamLatencyMs} ms`,
      goal: `< ${limit} ms`,
      measured: `${d.sequential.p50Ms.toFixed(1)} ms (p99 ${d.sequential.p99Ms.toFixed(1)} ms; one call ${d.singleCallP50Ms.toFixed(1)} ms)`,
      met: d.sequential.p50Ms < limit,
    });
    list.push({
      name: 'd: peak RSS of the subgraph, one request at a time',
      goal: '< 200 MB',
      measured: `${d.sequentialPeakRssMb} MB (${d.startupRssMb} MB once started)`,
      met: d.sequentialPeakRssMb < 200,
    });
    if (d.peakRssMb !== null) {
      list.push({
        name: `d: peak RSS of the subgraph, under load (${d.load.connections} connections)`,
        goal: '< 200 MB',
        measured: `${d.peakRssMb} MB`,
        met: d.peakRssMb < 200,
      });
    }
  }
  const e = scenarios.e;
  if (e) {
    const cap = e.writeConcurrency ?? 4;
    const peaks = Object.values(e.bulk.peakInFlight);
    list.push({
      name: `e: updateWorkspaces keeps at most WRITE_CONCURRENCY (${cap}) updates in flight per provider`,
      goal: `<= ${cap} per provider`,
      measured: `${Math.max(...peaks)} at most (${peaksCell(e.bulk)})`,
      met: peaks.every((p) => p <= cap),
    });
    list.push({
      name: 'e: one upstream request per item',
      goal: `${e.items}`,
      measured: `${e.bulk.upstreamRequests} (aliased: ${e.aliased.upstreamRequests})`,
      met: e.bulk.upstreamRequests === e.items,
    });
    list.push({
      name: "e: the batch well within a router's 30 s",
      goal: '< 25 s (BULK_DEADLINE_MS)',
      measured: `${fmt(e.bulk.wallMs.max / 1000, 2)} s at most`,
      met: e.bulk.wallMs.max < 25_000,
    });
  }
  return list;
}

/** Peak in flight per provider, e.g. "<provider> 4, <provider> 4, …", in the registry's order. */
export function peaksCell(run: BulkRun): string {
  return Object.entries(run.peakInFlight)
    .map(([provider, peak]) => `${provider} ${peak}`)
    .join(', ');
}

const fmt = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

/** The results as a Markdown table (printed, and pasted into BENCHMARKS.md). */
export function table(results: BenchResults): string {
  const rows: string[][] = [];
  const { a, aHalfRate, aHalfRatePaced, b, c, d } = results.scenarios;
  const loadRow = (key: string, s: LoadScenario | undefined) => {
    if (!s) return;
    const errors = s.non2xx + s.errors + s.timeouts;
    rows.push([
      key,
      s.label,
      fmt(s.rps, 0),
      fmt(s.p50Ms),
      fmt(s.p99Ms),
      s.peakRssMb === null ? '-' : `${fmt(s.peakRssMb, 1)} (${s.process})`,
      cpuCell(s.cpuMsPerRequest),
      errors === 0 ? '0' : `${errors} (non-2xx ${s.non2xx}, errors ${s.errors}, timeouts ${s.timeouts})`,
    ]);
  };
  loadRow('a', a);
  loadRow('a½', aHalfRate);
  if (aHalfRatePaced) {
    const p = aHalfRatePaced;
    rows.push([
      'a½ paced',
      p.label,
      fmt(p.completed / p.durationSeconds, 0),
      fmt(p.p50Ms),
      fmt(p.p99Ms),
      p.peakRssMb === null ? '-' : `${fmt(p.peakRssMb, 1)} (${p.process})`,
      cpuCell(p.cpuMsPerRequest),
      String(p.failed),
    ]);
  }
  loadRow('b', b);
  loadRow('c', c);
  loadRow('f', results.scenarios.f);
  loadRow('g', results.scenarios.g);
  if (d) {
    const u = d.sequential.upstreamPerRequest;
    rows.push([
      'd',
      `${d.label}, 1 at a time × ${d.sequential.requests}; upstream/request ${u.min === u.max ? u.min : `${u.min}..${u.max}`}`,
      '-',
      fmt(d.sequential.p50Ms),
      fmt(d.sequential.p99Ms),
      `${fmt(d.sequentialPeakRssMb, 1)} (${d.process})`,
      '-',
      '-',
    ]);
    const l = d.load;
    const errors = l.non2xx + l.errors + l.timeouts;
    rows.push([
      'd (load)',
      `${d.label}, ${l.connections} connections`,
      fmt(l.rps, 0),
      fmt(l.p50Ms),
      fmt(l.p99Ms),
      d.peakRssMb === null ? '-' : `${fmt(d.peakRssMb, 1)} (same process)`,
      cpuCell(l.cpuMsPerRequest),
      errors === 0 ? '0' : `${errors} (non-2xx ${l.non2xx}, errors ${l.errors}, timeouts ${l.timeouts})`,
    ]);
  }
  const e = results.scenarios.e;
  if (e) {
    for (const [key, run, how] of [
      ['e', e.bulk, 'one updateWorkspaces operation'],
      [
        'e (aliased)',
        e.aliased,
        `${e.aliased.operations} operations of aliased updateWorkspace fields, one after the other`,
      ],
    ] as const) {
      rows.push([
        key,
        `${e.label}: ${how} × ${run.samples}; upstream/batch ${run.upstreamRequests}; peak in flight ${run.peakInFlightOverall} (per provider: ${peaksCell(run)})`,
        '-',
        fmt(run.wallMs.p50),
        `${fmt(run.wallMs.max)} (max)`,
        '-',
        '-',
        '-',
      ]);
    }
  }
  const header = [
    '',
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'peak RSS MB',
    'CPU ms/req: server / emulator / loadgen',
    'failed',
  ];
  const lines = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  return lines.join('\n');
}

/** a, c and the peers side by side: throughput against the proxy's and the subgraph's, CPU per request. */
export function peersTable(results: BenchResults): string {
  const rows = results.ratios.peers.map((p) => [
    p.key,
    p.label,
    fmt(p.rps, 0),
    fmt(p.overC),
    fmt(p.overA),
    fmt(p.cpuMsPerRequest, 3),
    `${fmt(p.p50Ms)} / ${fmt(p.p99Ms)}`,
    p.peakRssMb === null
      ? '-'
      : `${fmt(p.peakRssMb, 1)}${p.startupRssMb === null ? '' : ` (${fmt(p.startupRssMb, 1)} started)`}`,
  ]);
  const header = [
    '',
    'server',
    'req/s',
    '÷ proxy (c)',
    '÷ subgraph (a)',
    'server CPU ms/req',
    'p50 / p99 ms',
    'peak RSS MB',
  ];
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** CPU ms per request of the server under test, the emulator and the load generator. */
function cpuCell(cpu: Record<string, number>): string {
  const value = (name: string) => (cpu[name] === undefined ? '-' : fmt(cpu[name], 3));
  return `${value('server')} / ${value('emulator')} / ${value('loadgen')}`;
}

export function summary(results: BenchResults): string {
  const m = results.machine;
  const out = [
    `Machine: ${m.nproc} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node} (${m.platform}); ${m.busyBeforeRunPercent ?? '?'}% busy before the run; during it, ${m.otherProcessesDuringRunPercent ?? '?'}% used by other processes and ${m.stealDuringRunPercent ?? '?'}% steal`,
    `Settings: ${JSON.stringify(results.settings)}`,
    ...((m.otherProcessesDuringRunPercent ?? 0) > 10
      ? [
          `WARNING: other processes used ${m.otherProcessesDuringRunPercent}% of the machine during the run: these figures are skewed.`,
        ]
      : []),
    '',
    table(results),
    '',
    ...(results.scenarios.a?.startupRssMb !== undefined
      ? [`Subgraph RSS once started, before any request: ${results.scenarios.a.startupRssMb} MB`, '']
      : []),
    ...(results.ratios.peers.some((p) => p.key === 'f' || p.key === 'g')
      ? [
          'Peers (the same mutation and upstream call; throughput over the proxy and the subgraph):',
          peersTable(results),
          '',
        ]
      : []),
    `a/c (subgraph / minimal proxy) = ${fmt(results.ratios.aOverC)}`,
    `a/b (subgraph / emulator direct) = ${fmt(results.ratios.aOverB)}`,
    ...(results.ratios.aOverF !== null
      ? [`a/f (subgraph / minimal Apollo subgraph) = ${fmt(results.ratios.aOverF)}`]
      : []),
    ...(results.ratios.aOverG !== null ? [`a/g (subgraph / Mercurius + JIT) = ${fmt(results.ratios.aOverG)}`] : []),
    ...(results.scenarios.e
      ? [`e: aliased / updateWorkspaces wall time (p50) = ${fmt(results.scenarios.e.speedup, 1)}`]
      : []),
    '',
    'Targets:',
    ...results.targets.map((t) => `  [${t.met ? 'met' : 'NOT MET'}] ${t.name}: ${t.measured} (goal ${t.goal})`),
  ];
  return out.join('\n');
}

export function writeJson(path: string, results: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
