// An open-loop, evenly paced load: requests leave at a steady `rate` whatever the answers do.
//
// autocannon's `overallRate` is a per-second budget per connection: every connection sends
// back to back until its share for the second is used up, then waits for the next second. At
// half the peak rate that is full load for about half of every second and nothing for the rest,
// so its latencies are those of a saturated server. This spreads the same rate evenly, which is
// what "latency at half the peak rate" means; both are reported.
import { Pool } from 'undici';
import { ownCpuMs, percentile, type HttpTarget } from './load';
import { round } from './processes';

export interface PacedResult {
  rate: number;
  sent: number;
  completed: number;
  failed: number;
  /** Measured from when each request was due to leave (so a late start counts against it). */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  durationSeconds: number;
  cpuMsPerRequest: Record<string, number>;
}

export async function runPaced(
  target: HttpTarget,
  options: { rate: number; durationSeconds: number; warmupSeconds: number; cpu?: Record<string, () => number> },
): Promise<PacedResult> {
  const url = new URL(target.url);
  // Enough connections that a slow answer never holds the next request back (open loop).
  const pool = new Pool(url.origin, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
  const interval = 1000 / options.rate;

  /** Sends at the rate for `seconds`; the latencies of the answers, timed from each due time. */
  const pace = async (seconds: number) => {
    const latencies: number[] = [];
    let sent = 0;
    let failed = 0;
    const inFlight = new Set<Promise<void>>();
    const started = performance.now();
    const end = started + seconds * 1000;
    const send = (due: number) => {
      sent++;
      const request = pool
        .request({
          path: url.pathname + url.search,
          method: target.method,
          headers: target.headers,
          ...(target.body !== undefined ? { body: target.body } : {}),
        })
        .then(async (response) => {
          await response.body.text();
          if (response.statusCode >= 200 && response.statusCode < 300) latencies.push(performance.now() - due);
          else failed++;
        })
        .catch(() => {
          failed++;
        })
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    };
    // Send every request that is due, then sleep until the next one (timers are ~1 ms coarse,
    // so a tick may send two; each is still timed from its own due time).
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (started + sent * interval <= Math.min(now, end)) send(started + sent * interval);
        if (now >= end) return resolve();
        setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      };
      tick();
    });
    await Promise.all(inFlight);
    return { latencies, sent, failed, elapsed: (performance.now() - started) / 1000 };
  };

  // Warm-up at the same rate on the same pool: the load generator's connections are opened and
  // the server's code is hot before anything is measured (as autocannon's warm-up does for the
  // other scenarios; without it the first ~150 ms of new connections made most of the p99).
  if (options.warmupSeconds > 0) await pace(options.warmupSeconds);
  const readers = { ...options.cpu, loadgen: ownCpuMs };
  const cpuBefore = Object.fromEntries(Object.entries(readers).map(([name, read]) => [name, read()]));
  const { latencies, sent, failed, elapsed } = await pace(options.durationSeconds);
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(readers).map(([name, read]) => [
      name,
      round((read() - (cpuBefore[name] ?? 0)) / Math.max(1, sent), 3),
    ]),
  );
  await pool.close();
  return {
    rate: options.rate,
    sent,
    completed: latencies.length,
    failed,
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.reduce((a, b) => Math.max(a, b), 0)),
    durationSeconds: round(elapsed, 1),
    cpuMsPerRequest,
  };
}
