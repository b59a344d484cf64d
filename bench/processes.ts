// Child-process helpers for the benchmark: start a process in its own process group, wait for
// it to be ready, read its peak RSS, and make sure every process started here is stopped when
// the benchmark ends, fails or is interrupted.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Managed {
  name: string;
  /** The pid of the node process itself (what VmHWM is read from). */
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<string>;
}

const running = new Set<Managed>();
/** CPU time (ms) of the processes started here that have been stopped. */
let stoppedCpuMs = 0;

export interface StartOptions {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr go to this file (none is piped through the benchmark process). */
  logFile?: string;
  /** Pipe stdout to the benchmark instead (to read what the process prints at start-up). */
  pipeStdout?: boolean;
  /** Pin the process to these CPUs (`taskset -c`, e.g. "1"), for before/after runs. */
  cpus?: string | undefined;
}

/** Starts `node <args>` in its own process group, so that stopping it stops anything it started. */
export function startNode(options: StartOptions): Managed {
  const log = options.logFile ? openSync(options.logFile, 'w') : 'ignore';
  // taskset execs node in place, so the pid is node's either way.
  const [command, args] = options.cpus
    ? ['taskset', ['-c', options.cpus, process.execPath, ...options.args]]
    : [process.execPath, options.args];
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.pipeStdout ? 'pipe' : log, log],
    detached: true,
  });
  if (typeof log === 'number') closeSync(log);
  if (child.pid === undefined) throw new Error(`${options.name} did not start`);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? String(code)));
    child.once('error', (error) => resolve(`error: ${error.message}`));
  });
  const managed: Managed = { name: options.name, pid: child.pid, child, exited };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

/** SIGTERM to the group, then SIGKILL after `graceMs`. */
export async function stop(managed: Managed, graceMs = 5_000): Promise<void> {
  if (!running.has(managed)) return;
  try {
    stoppedCpuMs += cpuMsOf(managed);
  } catch {
    // already gone
  }
  signalGroup(managed, 'SIGTERM');
  const done = await Promise.race([managed.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    signalGroup(managed, 'SIGKILL');
    await managed.exited;
  }
  running.delete(managed);
}

/** Pins this process (the load generator) to `cpus`. */
export function pinSelf(cpus: string): void {
  execFileSync('taskset', ['-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((m) => stop(m)));
}

function signalGroup(managed: Managed, signal: NodeJS.Signals): void {
  try {
    process.kill(-managed.pid, signal);
  } catch {
    // already gone
  }
}

let hooked = false;
/** Kill every child on any way out of the benchmark process (normal exit, error, Ctrl-C). */
export function installCleanup(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const m of running) signalGroup(m, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping child processes\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

/** Reads lines from a piped stdout until `done` returns a value, or fails after `timeoutMs`. */
export function readStdoutUntil<T>(
  managed: Managed,
  done: (lines: string[]) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  const stdout = managed.child.stdout;
  if (!stdout) return Promise.reject(new Error(`${managed.name}: stdout is not piped`));
  return new Promise<T>((resolve, reject) => {
    const lines: string[] = [];
    const reader = createInterface({ input: stdout });
    const finish = (error: Error | null, value?: T) => {
      clearTimeout(timer);
      reader.close();
      // Keep draining whatever the process prints later, so it never blocks on a full pipe.
      stdout.resume();
      if (error) reject(error);
      else resolve(value as T);
    };
    const timer = setTimeout(
      () => finish(new Error(`${managed.name} did not get ready in ${timeoutMs} ms; printed:\n${lines.join('\n')}`)),
      timeoutMs,
    );
    reader.on('line', (line) => {
      lines.push(line);
      const value = done(lines);
      if (value !== undefined) finish(null, value);
    });
    void managed.exited.then((code) => finish(new Error(`${managed.name} exited (${code}) before it was ready`)));
  });
}

/** Polls `url` until it answers 200, or fails after `timeoutMs` (or when the process exits). */
export async function waitForHttp(url: string, managed: Managed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  void managed.exited.then((code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${managed.name} exited (${exited}) before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${managed.name} did not answer ${url} within ${timeoutMs} ms`);
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Memory {
  /** VmHWM: the peak resident set size over the process's lifetime, in MB. */
  peakRssMb: number;
  /** VmRSS: the resident set size now, in MB. */
  rssMb: number;
}

/** Reads VmHWM and VmRSS from /proc/<pid>/status. */
export function memoryOf(managed: Managed): Memory {
  const status = readFileSync(`/proc/${managed.pid}/status`, 'utf8');
  const kb = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`${managed.name}: no ${key} in /proc/${managed.pid}/status`);
    return Number(match[1]);
  };
  return { peakRssMb: round(kb('VmHWM') / 1024, 1), rssMb: round(kb('VmRSS') / 1024, 1) };
}

/**
 * CPU time (user + system, all threads) the process has used so far, in ms, from
 * /proc/<pid>/stat (clock ticks of 10 ms).
 */
export function cpuMsOf(managed: Managed): number {
  const stat = readFileSync(`/proc/${managed.pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return ticks * 10;
}

/** The machine's CPU time counters (all CPUs, clock ticks) from /proc/stat. */
export function machineCpu(): { idle: number; steal: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { idle: (cpu[3] ?? 0) + (cpu[4] ?? 0), steal: cpu[7] ?? 0, total };
}

/** Share of all CPUs busy (not idle or iowait) over `ms`, from /proc/stat: other load on the machine. */
export async function machineBusyPercent(ms = 2_000): Promise<number> {
  const before = machineCpu();
  await sleep(ms);
  const after = machineCpu();
  const total = after.total - before.total;
  return total > 0 ? round((100 * (total - (after.idle - before.idle))) / total, 1) : 0;
}

/** CPU time (ms) used so far by this process and every process it started. */
export function benchCpuMs(): number {
  let ms = stoppedCpuMs;
  for (const m of running) {
    try {
      ms += cpuMsOf(m);
    } catch {
      // exiting
    }
  }
  const own = process.cpuUsage();
  return ms + (own.user + own.system) / 1000;
}

/**
 * Share of the machine's CPU time used by processes other than the benchmark's own since
 * `since` (a `machineCpu()` reading, with `benchCpuMs()` then): other work skews the results.
 */
export function foreignBusyPercentSince(since: { idle: number; total: number }, benchMsThen: number): number {
  const now = machineCpu();
  const total = now.total - since.total;
  if (total <= 0) return 0;
  const busyMs = (total - (now.idle - since.idle)) * 10;
  const oursMs = benchCpuMs() - benchMsThen;
  return round(Math.max(0, (100 * (busyMs - oursMs)) / (total * 10)), 1);
}

/** Share of CPU time the hypervisor gave to other guests (steal) since `since`. */
export function stealPercentSince(since: { steal: number; total: number }): number {
  const now = machineCpu();
  const total = now.total - since.total;
  return total > 0 ? round((100 * (now.steal - since.steal)) / total, 1) : 0;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
