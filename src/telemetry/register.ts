/**
 * OpenTelemetry tracing with the official Node SDK, configured by the standard OTEL_* variables.
 * main.ts imports this module before anything else, so that the instrumentations patch http,
 * graphql and pino as those are first required (undici is observed through its diagnostics
 * channels).
 *
 * Off, with nothing of the SDK loaded, unless an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT
 * or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and OTEL_SDK_DISABLED is not `true`. The rest is read by
 * the SDK itself: OTEL_SERVICE_NAME (default here `workspace-subgraph`), OTEL_EXPORTER_OTLP_PROTOCOL,
 * OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, OTEL_BSP_*, OTEL_PROPAGATORS,
 * OTEL_RESOURCE_ATTRIBUTES… Only traces are exported: metrics are Prometheus's (METRICS_PORT), logs
 * are pino's lines on stdout, which carry the trace_id and span_id of the span they were written in.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';

const env = process.env;
const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'];
const disabled = (env['OTEL_SDK_DISABLED'] ?? '').trim().toLowerCase() === 'true';

/** True when spans are recorded and exported (from startTracing on). */
export const tracingConfigured = Boolean(endpoint) && !disabled;

const sdk: NodeSDK | undefined = tracingConfigured ? registerTracing() : undefined;

function registerTracing(): NodeSDK {
  env['OTEL_SERVICE_NAME'] ||= 'workspace-subgraph';
  env['OTEL_METRICS_EXPORTER'] ||= 'none';
  env['OTEL_LOGS_EXPORTER'] ||= 'none';
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PinoInstrumentation } =
    require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino');
  const { attemptAttributes, nameAttemptSpan } = require('./provider-spans') as typeof import('./provider-spans');
  /* eslint-enable @typescript-eslint/no-require-imports */

  // Patched now, before http, graphql and pino are required. Spans are recorded only once the SDK
  // has started (startTracing, once the server is up): the schema's parse at start-up makes none.
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        // One SERVER span per GraphQL request, continuing the caller's traceparent; health probes,
        // GraphiQL's assets and the metrics port are not traced.
        ignoreIncomingRequestHook: (request) => !isGraphQLPath(request.url),
        // A GET /graphql carries the operation and its variables in the query string: never recorded.
        startIncomingSpanHook: (request) => ({
          'http.route': '/graphql',
          ...(request.url?.includes('?') ? { 'url.query': 'REDACTED' } : {}),
        }),
        // `POST /graphql`: the method and route (only incoming requests are traced).
        requestHook: (span, request) => span.updateName(`${request.method ?? 'GET'} /graphql`),
        // Provider calls go through undici (below); the OTLP exporter's own requests make no span.
        disableOutgoingRequestInstrumentation: true,
      }),
      new UndiciInstrumentation({
        // A provider attempt: a CLIENT span, its traceparent sent to the provider; its URL as a template.
        startSpanHook: () => attemptAttributes() ?? {},
        requestHook: (span, request) => nameAttemptSpan(span, request.method),
      }),
      new GraphQLInstrumentation({
        // The operation's parse, validate and execute spans; a span per field costs more than the work.
        ignoreResolveSpans: true,
        // The document is recorded with every literal as `*`; variables are never recorded.
        allowValues: false,
      }),
      // trace_id, span_id and trace_flags in each log line written within a span; nothing sent.
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  return new NodeSDK();
}

/** `/graphql` and the paths under it, as the server routes them. */
function isGraphQLPath(url: string | undefined): boolean {
  if (!url?.startsWith('/graphql')) return false;
  const rest = url.charAt('/graphql'.length);
  return rest === '' || rest === '?' || rest === '/';
}

/** Starts recording and exporting spans (when the OTEL_* variables turned tracing on). */
export function startTracing(): void {
  sdk?.start();
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
