// The provider call's spans (src/telemetry/provider-spans.ts) in a provider pipeline, with the SDK's
// tracer provider registered in this process (its AsyncLocalStorage context manager and W3C
// propagators) and spans kept in memory: what a traced call records and sends, and that an
// untraced or unsampled one runs as it is.
import { propagation, ROOT_CONTEXT, SpanKind, trace, type Context } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import type { CallRequest } from '../../src/provider-calls/types';
import type { OutboundRequest, SendRequest } from '../../src/providers/shared/http-client';
import { composeProviderCall } from '../../src/providers/shared/provider-call';
import { ProviderResilience } from '../../src/providers/shared/resilience';
import { traceAttempt, traceCall } from '../../src/telemetry/provider-spans';
import { FAST_RESILIENCE } from '../unit/helpers';

const exporter = new node.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new node.SimpleSpanProcessor(exporter)] });
provider.register();
const tracer = trace.getTracer('test');

const PROVIDER = PROVIDER_NAMES[0]!;
const HEADERS = Object.freeze({ authorization: 'Bearer secret-token' });
const REQUEST: CallRequest = {
  provider: PROVIDER,
  method: 'GET',
  url: 'http://user:pass@provider.test:8080/v1/workspaces/org123?x=1',
  urlTemplate: () => 'http://user:pass@provider.test:8080/v1/workspaces/%7Bid%7D?x=1',
  headers: HEADERS,
  idempotent: true,
  credential: { token: 'secret-token' },
};

/** A pipeline whose HTTP client answers `answers` in turn (a status, or an error: no answer). */
function pipeline(answers: (number | Error)[]) {
  const sent: OutboundRequest[] = [];
  const send: SendRequest = async (request) => {
    sent.push(request);
    const answer = answers.shift() ?? 200;
    if (answer instanceof Error) throw answer;
    return { status: answer, header: () => null, text: '{}' };
  };
  const resilience = new ProviderResilience(FAST_RESILIENCE);
  const call = composeProviderCall({ send, resilience }, { call: [traceCall], attempt: [traceAttempt] });
  return { call, sent };
}

/**
 * Runs `fn` with a sampled request's trace (a server-like span in a context holding the caller's
 * baggage), as the server hands it to the data sources; `sampled: false` gives no trace, as for a
 * request the sampler dropped.
 */
async function inRequest<T>(sampled: boolean, fn: (trace?: Context) => Promise<T>): Promise<T> {
  if (!sampled) return fn(undefined);
  const withBaggage: Context = propagation.setBaggage(
    ROOT_CONTEXT,
    propagation.createBaggage({ user: { value: 'caller-secret' } }),
  );
  const span = tracer.startSpan('POST /graphql', { kind: SpanKind.SERVER }, withBaggage);
  try {
    return await fn(trace.setSpan(withBaggage, span));
  } finally {
    span.end();
  }
}

/** REQUEST as the data source sends it within `trace`. */
const within = (trace: Context | undefined): CallRequest => (trace ? { ...REQUEST, trace } : REQUEST);

const attributes = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);

describe('provider call spans', () => {
  beforeEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it('a traced call: an INTERNAL span, a CLIENT span per attempt, the retry counted, traceparent on each request', async () => {
    const { call, sent } = pipeline([503, 200]);
    const result = await inRequest(true, (trace) => call(within(trace)));
    expect(result).toMatchObject({ status: 200 });

    const [server] = attributes('POST /graphql');
    const [callSpan] = attributes(`GET ${PROVIDER}`);
    const attempts = attributes('GET /v1/workspaces/{id}');
    expect(callSpan?.kind).toBe(SpanKind.INTERNAL);
    expect(callSpan?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(callSpan?.attributes).toMatchObject({
      'workspace.provider': PROVIDER,
      'http.request.method': 'GET',
      'url.template': '/v1/workspaces/{id}',
      'workspace.provider.attempts': 2,
      'http.response.status_code': 200,
    });
    expect(attempts).toHaveLength(2);
    const [first, retry] = attempts;
    for (const attempt of attempts) {
      expect(attempt.kind).toBe(SpanKind.CLIENT);
      expect(attempt.parentSpanContext?.spanId).toBe(callSpan?.spanContext().spanId);
    }
    expect(first?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': 'http://provider.test:8080/v1/workspaces/{id}',
      'url.path': '/v1/workspaces/{id}',
      'url.query': '',
      'url.template': '/v1/workspaces/{id}',
      'server.address': 'provider.test',
      'server.port': 8080,
      'workspace.provider': PROVIDER,
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(first?.attributes['http.request.resend_count']).toBeUndefined();
    expect(retry?.attributes).toMatchObject({ 'http.request.resend_count': 1, 'http.response.status_code': 200 });
    expect(retry?.attributes['error.type']).toBeUndefined();

    // Each request carries its own attempt's traceparent, on a copy of the call's headers; no baggage.
    expect(sent.map((r) => r.headers['traceparent'])).toEqual(
      attempts.map((s) => `00-${s.spanContext().traceId}-${s.spanContext().spanId}-01`),
    );
    expect(sent.every((r) => r.headers['authorization'] === 'Bearer secret-token' && !('baggage' in r.headers))).toBe(
      true,
    );
    expect(REQUEST.headers).toEqual({ authorization: 'Bearer secret-token' });

    // No token, no credentials of the base URL, no query, no id in any span.
    const exported = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes]));
    for (const secret of ['secret-token', 'user', 'pass', 'x=1', 'org123', 'caller-secret']) {
      expect(exported).not.toContain(secret);
    }
  });

  it('an attempt that got no answer: its error type, the call ends with it', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { call } = pipeline([refused, refused, refused]);
    const result = await inRequest(true, (trace) => call(within(trace)));
    expect(result).toEqual({ reason: 'refused' });
    const attempts = attributes('GET /v1/workspaces/{id}');
    expect(attempts.map((s) => s.attributes['error.type'])).toEqual(['refused', 'refused', 'refused']);
    expect(attempts.every((s) => s.attributes['http.response.status_code'] === undefined)).toBe(true);
    expect(attributes(`GET ${PROVIDER}`)[0]?.attributes).toMatchObject({
      'error.type': 'refused',
      'workspace.provider.attempts': 3,
    });
  });

  it('an unsampled request, or none: no span, the request sent as it is, without traceparent', async () => {
    for (const run of [
      (fn: (trace?: Context) => Promise<unknown>) => inRequest(false, fn),
      (fn: (trace?: Context) => Promise<unknown>) => fn(),
    ]) {
      const { call, sent } = pipeline([503, 200]);
      expect(await run((trace) => call(within(trace)))).toMatchObject({ status: 200 });
      expect(sent).toHaveLength(2);
      expect(sent.every((r) => r.headers === HEADERS)).toBe(true);
    }
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
