// The subgraph's metrics and tracing in the benchmarks (bench/run.ts --metrics, --tracing): the
// environment that turns them on, an OTLP sink to export spans to (bench/otlp-sink.ts, its own
// process), and a scraper reading /metrics as Prometheus would.
import { join } from 'node:path';
import { freePort, readStdoutUntil, startNode, stop } from './processes';
import { ROOT } from './stack';

export interface BenchTelemetry {
  /** METRICS_PORT and OTEL_* for the subgraph. */
  env: Record<string, string>;
  /** Stops the sink and the scraper; what the sink received, when tracing was on. */
  stop(): Promise<{ exports: number; spans: number; bytes: number } | undefined>;
}

/**
 * `tracing`: `always_on`, `traceidratio=0.1`… (OTEL_TRACES_SAMPLER, then its argument), or
 * undefined for tracing off. `metrics`: METRICS_PORT on a free port, scraped every 5 s (three
 * times Prometheus's default rate), else `off`.
 */
export async function startTelemetry(options: {
  metrics: boolean;
  tracing: string | undefined;
  cpus?: string | undefined;
}): Promise<BenchTelemetry> {
  const env: Record<string, string> = { METRICS_PORT: 'off' };
  let scraper: NodeJS.Timeout | undefined;
  if (options.metrics) {
    const port = await freePort();
    env['METRICS_PORT'] = String(port);
    // Between scenarios no subgraph listens: those scrapes fail, as Prometheus's would.
    scraper = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/metrics`)
        .then((response) => response.text())
        .catch(() => undefined);
    }, 5_000);
  }
  let sink: { process: ReturnType<typeof startNode>; url: string } | undefined;
  if (options.tracing) {
    const proc = startNode({
      cpus: options.cpus,
      name: 'OTLP sink',
      args: ['--import', 'tsx', join(ROOT, 'bench/otlp-sink.ts')],
      pipeStdout: true,
    });
    const url = await readStdoutUntil(
      proc,
      (lines) => lines.map((l) => /^OTLP_SINK_URL=(\S+)$/.exec(l)?.[1]).find(Boolean),
      30_000,
    );
    sink = { process: proc, url };
    const [sampler = '', argument] = options.tracing.split('=');
    Object.assign(env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_TRACES_SAMPLER: sampler,
      ...(argument === undefined ? {} : { OTEL_TRACES_SAMPLER_ARG: argument }),
    });
  }
  return {
    env,
    stop: async () => {
      if (scraper) clearInterval(scraper);
      if (!sink) return undefined;
      const stats = (await (await fetch(`${sink.url}/stats`)).json()) as {
        exports: number;
        spans: number;
        bytes: number;
      };
      await stop(sink.process);
      return stats;
    },
  };
}
