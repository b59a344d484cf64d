// Tracing as an operator turns it on: the subgraph process (`src/server/main.ts`) with
// OTEL_EXPORTER_OTLP_ENDPOINT set exports its spans over real OTLP/HTTP to a receiver on loopback.
// One trace goes from the caller's traceparent through the HTTP request and the GraphQL operation
// to every provider attempt, and the provider receives the attempt's traceparent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { startEmulator, type Emulator } from '../../src/emulator';
import { providerAt, referenceOf } from '../providers';
import { startSubgraphProcess, type SubgraphProcess } from '../support/processes';
import { attributesOf, SpanKinds, startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from './otlp-receiver';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
/** One provider is read through a variable (its first GET answered 503), another through a literal. */
const [RETRIED, LITERAL] = [providerAt(0), providerAt(1)];
const READ = `query Read($id: ID!) {
  workspace(id: $id) { id name }
  literal: workspace(id: ${JSON.stringify(LITERAL.writable.id)}) { id }
}`;
/** The provider's path with `{id}` for each segment of the reference. */
const PATH_TEMPLATE = RETRIED.pathOf(
  referenceOf(RETRIED.writable.id)
    .split('/')
    .map(() => '{id}')
    .join('/'),
);

function providerEnv(emulator: Emulator): Record<string, string> {
  return Object.fromEntries(
    PROVIDER_NAMES.flatMap((p) => [
      [`${p.toUpperCase()}_BASE_URL`, emulator.baseUrls[p]],
      [`${p.toUpperCase()}_API_TOKEN`, emulator.token],
    ]),
  );
}

async function read(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, ...headers },
    body: JSON.stringify({ query: READ, operationName: 'Read', variables: { id: RETRIED.writable.id } }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown } };
}

/**
 * An OTLP receiver on loopback, the emulator and a subgraph process calling it, whose spans (if any)
 * go to the receiver, with `env` on top; `stop` ends all three.
 */
async function startTracedStack(env: Record<string, string>) {
  const receiver = await startOtlpReceiver();
  const emulator = await startEmulator();
  const subgraph = await startSubgraphProcess({
    ...providerEnv(emulator),
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    ...env,
  });
  const stop = async () => {
    await subgraph.stop();
    await emulator.close();
    await receiver.close();
  };
  return { receiver, emulator, subgraph, stop };
}

/** Spans sent as JSON, soon after they end. */
const EXPORT_AT_ONCE = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '50' };

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const ends = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > ends) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('tracing on: OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let receiver: OtlpReceiver;
  let emulator: Emulator;
  let subgraph: SubgraphProcess;
  let stop: (() => Promise<void>) | undefined;
  let answer: Awaited<ReturnType<typeof read>>;
  const spans = () => receiver.spans.filter((s) => s.traceId === TRACE_ID);
  const attrs = (span: OtlpSpan | undefined) => (span ? attributesOf(span) : {});
  const childrenOf = (span: OtlpSpan | undefined) => spans().filter((s) => span && s.parentSpanId === span.spanId);
  const ancestorsOf = (span: OtlpSpan): OtlpSpan[] => {
    const parent = spans().find((s) => s.spanId === span.parentSpanId);
    return parent ? [parent, ...ancestorsOf(parent)] : [];
  };
  const callSpan = (provider: string) =>
    spans().find((s) => s.kind === SpanKinds.internal && attrs(s)['workspace.provider'] === provider);

  beforeAll(async () => {
    ({ receiver, emulator, subgraph, stop } = await startTracedStack(EXPORT_AT_ONCE));
    // One provider answers the first GET 503: the call is retried, and both attempts are spans.
    emulator.injectFault(RETRIED.provider, { status: 503, times: 1, method: 'GET' });
    answer = await read(subgraph.url);
    await until(() => (childrenOf(callSpan(RETRIED.provider)).length >= 2 && !!callSpan(LITERAL.provider)) || false);
  }, 60_000);

  afterAll(async () => {
    await stop?.();
  });

  it('answers as without tracing', () => {
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: {
        workspace: { id: RETRIED.writable.id, name: RETRIED.writable.name },
        literal: { id: LITERAL.writable.id },
      },
    });
  });

  it("continues the caller's trace: a SERVER span for the HTTP request, its parent the caller's span", () => {
    const server = spans().find((s) => s.kind === SpanKinds.server);
    expect(server?.parentSpanId).toBe(CALLER_SPAN);
    expect(server?.name).toBe('POST /graphql');
    expect(attrs(server)).toMatchObject({ 'http.route': '/graphql', 'http.response.status_code': 200 });
    expect(receiver.posts.every((p) => p.path === '/v1/traces')).toBe(true);
    expect(receiver.resources[0]).toMatchObject({ 'service.name': 'workspace-subgraph' });
  });

  it('a span for the GraphQL operation (semantic conventions for GraphQL), under the HTTP one', () => {
    const server = spans().find((s) => s.kind === SpanKinds.server)!;
    const execute = spans().find((s) => attrs(s)['graphql.operation.type'] === 'query');
    expect(execute).toBeDefined();
    expect(attrs(execute)).toMatchObject({ 'graphql.operation.name': 'Read' });
    expect(ancestorsOf(execute!)).toContainEqual(server);
    // The document is recorded with its literals as `*`.
    expect(String(attrs(execute)['graphql.source'])).toContain('workspace(id: "*")');
  });

  it('a span per provider call, and under it a CLIENT span per attempt; the retry is visible', () => {
    const server = spans().find((s) => s.kind === SpanKinds.server)!;
    const call = callSpan(RETRIED.provider)!;
    // The base URL's own path (`/<p>/v0`), then the provider's path with `{id}` for the id.
    const template = `${new URL(emulator.baseUrls[RETRIED.provider]).pathname}${PATH_TEMPLATE}`;
    expect(call.name).toBe(`GET ${RETRIED.provider}`);
    expect(ancestorsOf(call)).toContainEqual(server);
    expect(attrs(call)).toMatchObject({
      'workspace.provider': RETRIED.provider,
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'workspace.provider.attempts': 2,
      'url.template': template,
    });
    const attempts = childrenOf(call);
    expect(attempts.map((s) => [s.kind, s.name])).toEqual([
      [SpanKinds.client, `GET ${template}`],
      [SpanKinds.client, `GET ${template}`],
    ]);
    const [first, retry] = [...attempts].sort(
      (a, b) => Number(attrs(a)['http.request.resend_count'] ?? 0) - Number(attrs(b)['http.request.resend_count'] ?? 0),
    );
    expect(attrs(first)).toMatchObject({ 'http.response.status_code': 503, 'workspace.provider': RETRIED.provider });
    expect(attrs(first)['http.request.resend_count']).toBeUndefined();
    expect(attrs(retry)).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1 });
    expect(attrs(retry)['url.full']).toBe(`${emulator.baseUrls[RETRIED.provider]}${PATH_TEMPLATE}`);

    const literal = callSpan(LITERAL.provider)!;
    expect(attrs(literal)).toMatchObject({ 'workspace.provider.attempts': 1, 'http.response.status_code': 200 });
    expect(childrenOf(literal)).toHaveLength(1);
  });

  it("each provider request carries its attempt span's traceparent", () => {
    const attempts = childrenOf(callSpan(RETRIED.provider));
    const sent = emulator.requests.filter((r) => r.provider === RETRIED.provider).map((r) => r.headers['traceparent']);
    expect(sent).toHaveLength(2);
    expect(new Set(sent)).toEqual(new Set(attempts.map((s) => `00-${TRACE_ID}-${s.spanId}-01`)));
  });

  it('a GET /graphql: a SERVER span without its query string (the operation and its variables)', async () => {
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
    const search = new URLSearchParams({
      query: 'query Type($name: String!) { __type(name: $name) { name } }',
      variables: JSON.stringify({ name: 'InputValueNotRecorded' }),
    });
    const response = await fetch(`${subgraph.url}?${search}`, {
      headers: { 'apollo-require-preflight': 'true', traceparent: `00-${traceId}-${CALLER_SPAN}-01` },
    });
    expect(response.status).toBe(200);
    const traced = () => receiver.spans.filter((s) => s.traceId === traceId);
    await until(() => traced().length >= 2);
    const server = traced().find((s) => s.kind === SpanKinds.server);
    expect(server?.name).toBe('GET /graphql');
    expect(attrs(server)).toMatchObject({ 'http.route': '/graphql', 'url.query': 'REDACTED', 'url.path': '/graphql' });
    const operation = traced().find((s) => s.name === 'query Type');
    expect(operation?.parentSpanId).toBe(server?.spanId);
    expect(JSON.stringify(traced())).not.toContain('InputValueNotRecorded');
  });

  it('says at start that tracing is on, where spans go and how they are sampled', () => {
    const line = subgraph.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => String(l['msg']).startsWith('Tracing on'));
    expect(line?.['tracing']).toEqual({ endpoint: `${receiver.url}/`, sampler: 'parentbased_always_on' });
  });

  it("the operation's log line carries the trace_id and span_id", () => {
    const line = subgraph.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['msg'] === 'graphql operation');
    expect(line?.['trace_id']).toBe(TRACE_ID);
    expect(spans().map((s) => s.spanId)).toContain(line?.['span_id']);
  });

  it('no token, no workspace id, no input value in any span', () => {
    const exported = JSON.stringify(receiver.spans);
    const references = [RETRIED, LITERAL].map((f) => referenceOf(f.writable.id));
    for (const secret of [emulator.token, 'Bearer', ...references]) expect(exported).not.toContain(secret);
  });
});

describe('tracing on, a request not sampled (the caller sent traceparent unsampled)', () => {
  it('makes no span, sends no traceparent, logs no trace_id', async () => {
    const { receiver, emulator, subgraph, stop } = await startTracedStack(EXPORT_AT_ONCE);
    try {
      // parentbased_always_on (the default) follows the caller: flags 00, not sampled.
      const answer = await read(subgraph.url, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-00` });
      expect(answer.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(emulator.requests.length).toBeGreaterThan(0);
      expect(emulator.requests.every((r) => r.headers['traceparent'] === undefined)).toBe(true);
      expect(receiver.spans).toEqual([]);
      const line = subgraph.lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l['msg'] === 'graphql operation');
      expect(line).toBeDefined();
      expect(line).not.toHaveProperty('trace_id');
    } finally {
      await stop();
    }
  }, 60_000);
});

describe('tracing off: OTEL_SDK_DISABLED=true', () => {
  it('exports nothing and sends no traceparent, the endpoint set or not', async () => {
    const { receiver, emulator, subgraph, stop } = await startTracedStack({ OTEL_SDK_DISABLED: 'true' });
    try {
      expect((await read(subgraph.url)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(emulator.requests.length).toBeGreaterThan(0);
      expect(emulator.requests.every((r) => r.headers['traceparent'] === undefined)).toBe(true);
      expect(receiver.posts).toEqual([]);
      const line = subgraph.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => 'requestId' in l);
      expect(line).toBeDefined();
      expect(line).not.toHaveProperty('trace_id');
    } finally {
      await stop();
    }
  }, 60_000);
});
