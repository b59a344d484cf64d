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
 * are pino's lines on stdout; a sampled request's lines carry its trace_id and span_id.
 */
import { ROOT_CONTEXT, type ContextManager } from '@opentelemetry/api';
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
 * exporter) and the W3C propagators, with a context manager that propagates nothing: each sampled
 * request's trace is handed on explicitly (server-spans.ts), because an AsyncLocalStorage one
 * (the SDK's default, which its batch processor enters at every export) makes every promise of the
 * process pay for context propagation, traced or not. main.ts calls it once the server is up: the
 * start-up makes no span.
 */
export function startTracing(): void {
  if (!tracingConfigured || sdk) return;
  env['OTEL_SERVICE_NAME'] ||= 'workspace-subgraph';
  env['OTEL_METRICS_EXPORTER'] ||= 'none';
  env['OTEL_LOGS_EXPORTER'] ||= 'none';
  // OTLP's JSON encoding unless told otherwise, as since tracing came in (protobuf, the SDK's own
  // default, then cost twice the CPU per span; with this SDK both cost about the same: BENCHMARKS.md,
  // issue 19). Every OTLP/HTTP collector takes both; OTEL_EXPORTER_OTLP_PROTOCOL or
  // OTEL_EXPORTER_OTLP_TRACES_PROTOCOL still choose.
  if (!env['OTEL_EXPORTER_OTLP_PROTOCOL']) env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ||= 'http/json';
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  // No instrumentation: every span is made by hand, once the sampler has kept the request.
  sdk = new NodeSDK({ instrumentations: [], contextManager: NO_ACTIVE_CONTEXT });
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

/** No active context, ever: `with` runs the function as it is. */
const NO_ACTIVE_CONTEXT: ContextManager = {
  active: () => ROOT_CONTEXT,
  with: (_context, fn, thisArg, ...args) => fn.call(thisArg, ...args),
  bind: (_context, target) => target,
  enable() {
    return this;
  },
  disable() {
    return this;
  },
};
