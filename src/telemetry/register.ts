/**
 * OpenTelemetry tracing with the official Node SDK, configured by the standard OTEL_* variables.
 * The spans are the subgraph's own, made only for requests the sampler keeps: the SERVER span of a
 * GraphQL request (server-spans.ts), its operation (src/server/plugins/operation-span.ts), each
 * provider call and attempt (provider-spans.ts). Nothing is patched: an unsampled request runs
 * exactly the untraced code, at the cost of one sampling decision.
 *
 * Off, with nothing of the SDK loaded, unless an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT
 * or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and OTEL_SDK_DISABLED is not `true`. The rest is read by
 * the SDK itself: OTEL_SERVICE_NAME (default here `workspace-subgraph`), OTEL_EXPORTER_OTLP_PROTOCOL,
 * OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, OTEL_BSP_*, OTEL_PROPAGATORS,
 * OTEL_RESOURCE_ATTRIBUTES… Only traces are exported: metrics are Prometheus's (METRICS_PORT), logs
 * are pino's lines on stdout, which carry the trace_id and span_id of the span they were written in.
 */
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { NodeSDK } from '@opentelemetry/sdk-node';

const env = process.env;
const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'];
const disabled = (env['OTEL_SDK_DISABLED'] ?? '').trim().toLowerCase() === 'true';

/** True when spans are recorded and exported (from startTracing on). */
export const tracingConfigured = Boolean(endpoint) && !disabled;

let sdk: NodeSDK | undefined;

/**
 * Starts recording and exporting spans (when the OTEL_* variables turned tracing on): the SDK's
 * tracer provider (the sampler from OTEL_TRACES_SAMPLER, a batch span processor, the OTLP
 * exporter), the W3C propagators and the AsyncLocalStorage context manager. main.ts calls it once
 * the server is up: the start-up makes no span.
 */
export function startTracing(): void {
  if (!tracingConfigured || sdk) return;
  env['OTEL_SERVICE_NAME'] ||= 'workspace-subgraph';
  env['OTEL_METRICS_EXPORTER'] ||= 'none';
  env['OTEL_LOGS_EXPORTER'] ||= 'none';
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  // No instrumentation: every span is made by hand, once the sampler has kept the request.
  sdk = new NodeSDK({ instrumentations: [] });
  sdk.start();
}

/** What the start-up log says of tracing: where spans go and how they are sampled; null when off. */
export function tracingSummary(): { endpoint: string; sampler: string } | null {
  if (!sdk || !endpoint) return null;
  const sampler = env['OTEL_TRACES_SAMPLER'] || 'parentbased_always_on';
  const argument = env['OTEL_TRACES_SAMPLER_ARG'];
  // Only the scheme, host and path of the endpoint: its query or credentials are not logged.
  const url = new URL(endpoint);
  return {
    endpoint: `${url.protocol}//${url.host}${url.pathname}`,
    sampler: argument ? `${sampler}=${argument}` : sampler,
  };
}

/** Exports the spans still batched, then stops; main.ts calls it once the server has drained. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
}

/**
 * pino's `mixin` when tracing is configured (undefined otherwise: the logger then has none): a
 * line written within a span carries its trace_id, span_id and trace_flags. Only sampled requests
 * enter a span; a line written outside one gets a new empty object (pino merges the line into it).
 */
export const traceLogFields: (() => object) | undefined = tracingConfigured
  ? () => {
      const span = trace.getSpan(context.active())?.spanContext();
      if (!span || !isSpanContextValid(span)) return {};
      return { trace_id: span.traceId, span_id: span.spanId, trace_flags: `0${span.traceFlags.toString(16)}` };
    }
  : undefined;
