// Prometheus metrics on METRICS_PORT: what they count, that they are never on the GraphQL port,
// and that no label carries an id, a name, a token or any other value a caller sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { loadConfig } from '../../src/server/config/config';
import {
  BREAKER_STATES,
  METHODS,
  OPERATION_TYPES,
  OUTCOMES,
  RETRY_CAUSES,
  STATUS_CLASSES,
} from '../../src/telemetry/metrics';
import { UPDATE_MUTATION, WORKSPACE_QUERY } from '../integration/helpers';
import { idLike, providerAt, providerWith, referenceOf } from '../providers';
import { startStack, type TestStack } from '../support/stack';

/** A provider whose update is retried (PUT), for the retry of an update. */
const RETRIED = providerWith('whose update is retried (PUT)', (f) => f.updateMethod === 'PUT');

/** One sample of the text exposition: `name{label="value",…} 1`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, name, value]) => [name!, value!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

async function scrape(stack: TestStack): Promise<Sample[]> {
  const response = await fetch(stack.subgraph.metricsUrl!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await response.text());
}

/** The value of the one sample with exactly these labels (0 when there is none). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples.filter(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value ?? 0;
}

const TYPENAMES = [
  'UpdateWorkspaceSuccess',
  'WorkspaceValidationError',
  'WorkspaceNotFoundError',
  'WorkspaceAuthenticationError',
  'WorkspacePermissionDeniedError',
  'WorkspaceConflictError',
  'WorkspaceRateLimitedError',
  'WorkspaceProviderError',
];

/** Every label of this subgraph's own metrics, and the only values each may take. */
const ALLOWED: Record<string, readonly string[]> = {
  // `none`: an update whose id names no provider.
  provider: [...PROVIDER_NAMES, 'none'],
  method: METHODS,
  status_class: STATUS_CLASSES,
  type: OPERATION_TYPES,
  outcome: OUTCOMES,
  typename: TYPENAMES,
  cause: RETRY_CAUSES,
  state: BREAKER_STATES,
};
const OWN_FAMILY = /^(graphql|provider|workspace)_/;

describe('metrics on METRICS_PORT', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ METRICS_PORT: '0', BREAKER_THRESHOLD: '3' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('are served on their own port, and not on the GraphQL one', async () => {
    expect(stack.subgraph.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(stack.subgraph.metricsUrl!).port).not.toBe(new URL(stack.url).port);
    const onGraphQLPort = await fetch(new URL('/metrics', stack.url));
    expect(onGraphQLPort.status).toBe(404);
    expect(await onGraphQLPort.text()).not.toContain('provider_request_duration_seconds');
    expect((await fetch(new URL('/', stack.subgraph.metricsUrl))).status).toBe(404);
  });

  it('count provider requests by provider, method and status class, retries by cause, operations by type and outcome', async () => {
    const before = await scrape(stack);
    // A provider answers 503 once: one 5xx request, one retry, one 2xx request.
    const P = providerAt(0);
    stack.emulator.injectFault(P.provider, { status: 503, times: 1, method: 'GET' });
    const read = await stack.graphql(WORKSPACE_QUERY, { id: P.writable.id });
    expect(read.body.errors).toBeUndefined();
    const after = await scrape(stack);
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    const gets = { provider: P.provider, method: 'GET' };
    expect(delta('provider_request_duration_seconds_count', { ...gets, status_class: '5xx' })).toBe(1);
    expect(delta('provider_request_duration_seconds_count', { ...gets, status_class: '2xx' })).toBe(1);
    expect(delta('provider_request_duration_seconds_bucket', { ...gets, status_class: '2xx', le: '+Inf' })).toBe(1);
    expect(delta('provider_retries_total', { provider: P.provider, cause: '503' })).toBe(1);
    expect(delta('graphql_operation_duration_seconds_count', { type: 'query', outcome: 'success' })).toBe(1);

    // An update whose first attempt gets no answer (the connection is reset): retried.
    const { provider, updateMethod } = RETRIED;
    stack.emulator.injectFault(provider, { kind: 'reset', times: 1, method: updateMethod });
    await stack.graphql(UPDATE_MUTATION, { input: { id: RETRIED.writable.id, ...RETRIED.change(1) } });
    const afterReset = await scrape(stack);
    expect(
      valueOf(afterReset, 'provider_request_duration_seconds_count', {
        provider,
        method: updateMethod,
        status_class: 'none',
      }),
    ).toBe(1);
    expect(valueOf(afterReset, 'provider_retries_total', { provider, cause: 'reset' })).toBe(1);
    expect(
      valueOf(afterReset, 'workspace_update_results_total', { provider, typename: 'UpdateWorkspaceSuccess' }),
    ).toBe(1);
    expect(
      valueOf(afterReset, 'graphql_operation_duration_seconds_count', { type: 'mutation', outcome: 'success' }),
    ).toBe(1);
  });

  it('count update results by provider and __typename', async () => {
    const before = await scrape(stack);
    const P = providerAt(1);
    await stack.graphql(UPDATE_MUTATION, { input: { id: P.writable.id, ...P.change(2) } });
    await stack.graphql(UPDATE_MUTATION, { input: { id: P.unknown.id, ...P.change(3) } });
    await stack.graphql(UPDATE_MUTATION, { input: { id: 'not-a-provider:x', name: 'metrics' } });
    const after = await scrape(stack);
    const delta = (provider: string, typename: string) =>
      valueOf(after, 'workspace_update_results_total', { provider, typename }) -
      valueOf(before, 'workspace_update_results_total', { provider, typename });
    expect(delta(P.provider, 'UpdateWorkspaceSuccess')).toBe(1);
    expect(delta(P.provider, 'WorkspaceNotFoundError')).toBe(1);
    // An id that names no provider.
    expect(delta('none', 'WorkspaceValidationError')).toBe(1);
    stack.emulator.reset();
  });

  it('show each configured provider’s breaker state, one series per state', async () => {
    // Three failed attempts in a row (BREAKER_THRESHOLD=3) open a provider's breaker.
    const { provider: broken, writable } = providerAt(2);
    stack.emulator.injectFault(broken, { status: 503, times: 3, method: 'GET' });
    await stack.graphql(WORKSPACE_QUERY, { id: writable.id });
    const samples = await scrape(stack);
    const state = (provider: string, value: string) =>
      valueOf(samples, 'provider_circuit_breaker_state', { provider, state: value });
    expect([state(broken, 'open'), state(broken, 'closed'), state(broken, 'half-open')]).toEqual([1, 0, 0]);
    for (const provider of PROVIDER_NAMES.filter((p) => p !== broken)) {
      expect(state(provider, 'closed')).toBe(1);
    }
  });

  it("include the runtime's metrics", async () => {
    const names = new Set((await scrape(stack)).map((s) => s.name));
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_active_handles_total',
    ]) {
      expect(names).toContain(name);
    }
  });
});

describe('labels', () => {
  it('carry no id, name, token or input value: only values from closed sets', async () => {
    const stack = await startStack({ METRICS_PORT: '0' });
    try {
      // Four providers: one answers 503 once, one 429 once, one resets once, one answers.
      const [failing, limiting, resetting, answering] = [providerAt(0), providerAt(1), providerAt(2), providerAt(3)];
      // A provider with a list field, to send a value in each kind of field.
      const listed = providerWith('with a list field', (f) => f.limits.some((l) => l.item));
      const listField = (listed.limits.find((l) => l.item) as { field: string }).field;
      const ids = [failing, answering, limiting].map((f) => f.writable.id);
      const secrets = {
        ids: [...ids.map(referenceOf), 'secret-missing-77', 'nonsense-id-xyz'],
        names: ['secret-name-42', 'secret-tag-xyz', 'Secret description 99'],
        tokens: ['tok-secret-abc', 'secret-jwt-xyz'],
        operationNames: ['MySecretOperation'],
      };
      const headers = {
        'content-type': 'application/json',
        authorization: 'Bearer secret-jwt-xyz',
        [answering.tokenHeader]: 'tok-secret-abc',
        'x-request-id': 'req-secret-id-1',
      };
      const post = (body: unknown) => fetch(stack.url, { method: 'POST', headers, body: JSON.stringify(body) });
      stack.emulator.injectFault(failing.provider, { status: 503, times: 1 });
      stack.emulator.injectFault(limiting.provider, { status: 429, headers: { 'retry-after': '0' }, times: 1 });
      stack.emulator.injectFault(resetting.provider, { kind: 'reset', times: 1 });
      await post({
        query: `query MySecretOperation($a: ID!, $b: ID!, $c: ID!, $d: ID!, $f: ID!) {
          a: workspace(id: $a) { id } b: workspace(id: $b) { id } c: workspace(id: $c) { id }
          d: workspace(id: $d) { id }
          e: workspace(id: "nonsense-id-xyz") { id }
          f: workspace(id: $f) { id }
        }`,
        variables: {
          a: ids[0],
          b: ids[1],
          c: ids[2],
          d: idLike(answering, 'secret-missing-77'),
          f: resetting.writable.id,
        },
      });
      await post({
        query: UPDATE_MUTATION,
        operationName: 'UpdateWorkspace',
        variables: {
          input: {
            id: listed.writable.id,
            name: 'secret-name-42',
            description: 'Secret description 99',
            [listField]: ['secret-tag-xyz'],
          },
        },
      });
      await post({ query: UPDATE_MUTATION, variables: { input: { id: 'nonsense-id-xyz', name: 'secret-name-42' } } });
      await post({ query: '{ this is not GraphQL MySecretOperation' });
      const read = `{ workspace(id: ${JSON.stringify(answering.writable.id)}) { id } }`;
      await post([{ query: read }, { query: 'query MySecretOperation { nope }' }]);
      await fetch(`${stack.url}?query=${encodeURIComponent(read)}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });

      const text = await (await fetch(stack.subgraph.metricsUrl!)).text();
      for (const value of Object.values(secrets).flat()) expect(text).not.toContain(value);
      expect(text).not.toContain('req-secret-id-1');

      const own = parseExposition(text).filter((s) => OWN_FAMILY.test(s.name));
      expect(new Set(own.map((s) => s.name.replace(/_(bucket|sum|count)$/, '')))).toEqual(
        new Set([
          'graphql_operation_duration_seconds',
          'provider_request_duration_seconds',
          'provider_retries_total',
          'workspace_update_results_total',
          'provider_circuit_breaker_state',
        ]),
      );
      const outside = own.flatMap((sample) =>
        Object.entries(sample.labels)
          .filter(([name, value]) => name !== 'le' && !ALLOWED[name]?.includes(value))
          .map(([name, value]) => `${sample.name} ${name}="${value}"`),
      );
      expect(outside).toEqual([]);
      // The traffic above did reach the providers and the metrics: the check is not vacuous.
      const labelValues = new Set(own.flatMap((s) => Object.values(s.labels)));
      for (const value of ['5xx', '4xx', '2xx', 'none', 'query', 'mutation', 'unknown', 'error', '503', '429']) {
        expect(labelValues).toContain(value);
      }
    } finally {
      await stack.close();
    }
  });
});

describe('METRICS_PORT', () => {
  it('off: no metrics server, nothing recorded', async () => {
    const stack = await startStack({ METRICS_PORT: 'off' });
    try {
      expect(stack.subgraph.metricsUrl).toBeUndefined();
    } finally {
      await stack.close();
    }
  });

  it('defaults to 9464; must be a port or `off`, and never the GraphQL port', () => {
    expect(loadConfig({}).metricsPort).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '' }).metricsPort).toBe(9464);
    expect(loadConfig({ METRICS_PORT: 'off' }).metricsPort).toBe('off');
    expect(loadConfig({ METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(() => loadConfig({ METRICS_PORT: 'on' })).toThrow(/METRICS_PORT must be a port number/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrow(/METRICS_PORT must differ from PORT/);
  });
});
