// Prometheus metrics on METRICS_PORT: what they count, that they are never on the GraphQL port,
// and that no label carries an id, a name, a token or any other value a caller sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { loadConfig } from '../../src/server/config';
import {
  BREAKER_STATES,
  METHODS,
  OPERATION_TYPES,
  OUTCOMES,
  RETRY_CAUSES,
  STATUS_CLASSES,
} from '../../src/telemetry/metrics';
import { UPDATE_MUTATION, WORKSPACE_QUERY } from '../integration/helpers';
import { startStack, type TestStack } from '../support/stack';

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
    // Blaxel answers 503 once: one 5xx request, one retry, one 2xx request.
    stack.emulator.injectFault('blaxel', { status: 503, times: 1, method: 'GET' });
    const read = await stack.graphql(WORKSPACE_QUERY, { id: 'blaxel:my-workspace' });
    expect(read.body.errors).toBeUndefined();
    const after = await scrape(stack);
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    const blaxel = { provider: 'blaxel', method: 'GET' };
    expect(delta('provider_request_duration_seconds_count', { ...blaxel, status_class: '5xx' })).toBe(1);
    expect(delta('provider_request_duration_seconds_count', { ...blaxel, status_class: '2xx' })).toBe(1);
    expect(delta('provider_request_duration_seconds_bucket', { ...blaxel, status_class: '2xx', le: '+Inf' })).toBe(1);
    expect(delta('provider_retries_total', { provider: 'blaxel', cause: '503' })).toBe(1);
    expect(delta('graphql_operation_duration_seconds_count', { type: 'query', outcome: 'success' })).toBe(1);

    // An update whose first attempt gets no answer (the connection is reset): retried.
    stack.emulator.injectFault('vertra', { kind: 'reset', times: 1, method: 'PUT' });
    await stack.graphql(UPDATE_MUTATION, { input: { id: 'vertra:org123', tags: ['x'] } });
    const afterReset = await scrape(stack);
    expect(
      valueOf(afterReset, 'provider_request_duration_seconds_count', {
        provider: 'vertra',
        method: 'PUT',
        status_class: 'none',
      }),
    ).toBe(1);
    expect(valueOf(afterReset, 'provider_retries_total', { provider: 'vertra', cause: 'reset' })).toBe(1);
    expect(
      valueOf(afterReset, 'workspace_update_results_total', { provider: 'vertra', typename: 'UpdateWorkspaceSuccess' }),
    ).toBe(1);
    expect(
      valueOf(afterReset, 'graphql_operation_duration_seconds_count', { type: 'mutation', outcome: 'success' }),
    ).toBe(1);
  });

  it('count update results by provider and __typename', async () => {
    const before = await scrape(stack);
    await stack.graphql(UPDATE_MUTATION, { input: { id: 'vertra:org123', tags: ['metrics'] } });
    await stack.graphql(UPDATE_MUTATION, { input: { id: 'vertra:no-such-org', tags: ['metrics'] } });
    await stack.graphql(UPDATE_MUTATION, { input: { id: 'not-a-provider:x', tags: ['metrics'] } });
    const after = await scrape(stack);
    const delta = (provider: string, typename: string) =>
      valueOf(after, 'workspace_update_results_total', { provider, typename }) -
      valueOf(before, 'workspace_update_results_total', { provider, typename });
    expect(delta('vertra', 'UpdateWorkspaceSuccess')).toBe(1);
    expect(delta('vertra', 'WorkspaceNotFoundError')).toBe(1);
    // An id that names no provider.
    expect(delta('none', 'WorkspaceValidationError')).toBe(1);
    stack.emulator.reset();
  });

  it('show each configured provider’s breaker state, one series per state', async () => {
    // Three failed attempts in a row (BREAKER_THRESHOLD=3) open Dreadnode's breaker.
    stack.emulator.injectFault('dreadnode', { status: 503, times: 3, method: 'GET' });
    await stack.graphql(WORKSPACE_QUERY, { id: 'dreadnode:acme/research' });
    const samples = await scrape(stack);
    const state = (provider: string, value: string) =>
      valueOf(samples, 'provider_circuit_breaker_state', { provider, state: value });
    expect([state('dreadnode', 'open'), state('dreadnode', 'closed'), state('dreadnode', 'half-open')]).toEqual([
      1, 0, 0,
    ]);
    for (const provider of PROVIDER_NAMES.filter((p) => p !== 'dreadnode')) {
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
      const secrets = {
        ids: ['my-workspace', 'org123', 'ws-KTuq99JSzgmDSvYj', 'secret-missing-77', 'nonsense-id-xyz'],
        names: ['secret-name-42', 'secret-tag-xyz', 'Secret description 99'],
        tokens: ['tok-secret-abc', 'secret-jwt-xyz'],
        operationNames: ['MySecretOperation'],
      };
      const headers = {
        'content-type': 'application/json',
        authorization: 'Bearer secret-jwt-xyz',
        'x-vertra-token': 'tok-secret-abc',
        'x-request-id': 'req-secret-id-1',
      };
      const post = (body: unknown) => fetch(stack.url, { method: 'POST', headers, body: JSON.stringify(body) });
      stack.emulator.injectFault('blaxel', { status: 503, times: 1 });
      stack.emulator.injectFault('terraform', { status: 429, headers: { 'retry-after': '0' }, times: 1 });
      stack.emulator.injectFault('flashback', { kind: 'reset', times: 1 });
      await post({
        query: `query MySecretOperation($a: ID!, $b: ID!, $c: ID!) {
          a: workspace(id: $a) { id } b: workspace(id: $b) { id } c: workspace(id: $c) { id }
          d: workspace(id: "vertra:secret-missing-77") { id }
          e: workspace(id: "nonsense-id-xyz") { id }
          f: workspace(id: "flashback:123e4567-e89b-12d3-a456-426614174000") { id }
        }`,
        variables: { a: 'blaxel:my-workspace', b: 'vertra:org123', c: 'terraform:ws-KTuq99JSzgmDSvYj' },
      });
      await post({
        query: UPDATE_MUTATION,
        operationName: 'UpdateWorkspace',
        variables: {
          input: {
            id: 'vertra:org123',
            name: 'secret-name-42',
            description: 'Secret description 99',
            tags: ['secret-tag-xyz'],
          },
        },
      });
      await post({ query: UPDATE_MUTATION, variables: { input: { id: 'nonsense-id-xyz', name: 'secret-name-42' } } });
      await post({ query: '{ this is not GraphQL MySecretOperation' });
      await post([
        { query: '{ workspace(id: "vertra:org123") { id } }' },
        { query: 'query MySecretOperation { nope }' },
      ]);
      await fetch(`${stack.url}?query=${encodeURIComponent('{ workspace(id: "vertra:org123") { id } }')}`, {
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
