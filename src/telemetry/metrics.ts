import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderName } from '../domain/provider';
import type { NotSentReason, RefusalReason } from '../limits';
import { RETRY_POLICY, type RetryCase } from '../provider-calls/retry-policy';
import type { AttemptLayer, CallMethod } from '../provider-calls/types';

/**
 * Prometheus metrics, one registry per running subgraph (served on METRICS_PORT by
 * metrics-server.ts, never on the GraphQL port). Every label value comes from a closed set known
 * here: provider names from the registry, methods, status classes, operation types, outcomes,
 * result `__typename`s, retry causes and breaker states. Never an id, a name, a token, an
 * operation name or any other value a caller chose.
 */

export const OPERATION_TYPES = ['query', 'mutation', 'subscription', 'unknown'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const OUTCOMES = ['success', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** `none`: no answer came (timeout, refused or reset connection, unreachable, too large). */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export const METHODS = ['GET', 'PUT', 'PATCH'] as const satisfies readonly CallMethod[];

export const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** What a retry may follow: the statuses and failures the retry table retries; `other` should it ever change. */
export const RETRY_CAUSES = [
  ...Object.entries(RETRY_POLICY.statuses)
    .filter(([, rule]) => rule?.retriedHere)
    .map(([status]) => status),
  ...Object.entries(RETRY_POLICY.reasons)
    .filter(([, rule]) => rule.retriedHere)
    .map(([reason]) => reason),
  'other',
];

/** An update's provider, or `none` when its id names none. */
export type ProviderLabel = ProviderName | 'none';

export interface Metrics {
  readonly registry: Registry;
  /** A GraphQL operation was answered (one per operation of a batch). */
  operation(type: OperationType, outcome: Outcome, seconds: number): void;
  /** One HTTP request to a provider (each attempt of a call), from sending it to reading its body. */
  providerRequest(provider: ProviderName, method: CallMethod, status: StatusClass, seconds: number): void;
  /** A retry was sent to `provider` after `after`. */
  retry(provider: ProviderName, after: RetryCase): void;
  /** An update was answered with this union member (`UpdateWorkspaceSuccess`, `WorkspaceNotFoundError`…). */
  updateResult(provider: ProviderLabel, typename: string): void;
  /** The breaker of a configured provider, read at each scrape. */
  watchBreaker(provider: ProviderName, state: () => BreakerState): void;
  /** A whole HTTP request was refused before it ran (batch size, estimated cost, anonymous batch). */
  requestRefused(reason: RefusalReason): void;
  /** A provider call was answered without being sent (budget, deadline, cancelled, a wait, a tenant's share). */
  callNotSent(provider: ProviderName, reason: NotSentReason): void;
}

/** Seconds: provider calls and operations are bounded by the 15 s call budget, bulk updates by 25 s. */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

export function createMetrics(): Metrics {
  const registry = new Registry();
  // process_* and nodejs_*: CPU, memory, heap spaces, GC, event loop lag, handles.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const operations = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operations answered, by operation type and outcome (error: the response has errors)',
    labelNames: ['type', 'outcome'] as const,
    buckets: SECONDS,
    registers,
  });
  const providerRequests = new Histogram({
    name: 'provider_request_duration_seconds',
    help: 'HTTP requests to providers (one per attempt), by provider, method and status class (none: no answer)',
    labelNames: ['provider', 'method', 'status_class'] as const,
    buckets: SECONDS,
    registers,
  });
  const retries = new Counter({
    name: 'provider_retries_total',
    help: 'Retries sent to providers, by provider and what the previous attempt got (status or failure)',
    labelNames: ['provider', 'cause'] as const,
    registers,
  });
  const updateResults = new Counter({
    name: 'workspace_update_results_total',
    help: 'Workspace updates answered, by provider and result __typename',
    labelNames: ['provider', 'typename'] as const,
    registers,
  });
  const refusedRequests = new Counter({
    name: 'graphql_requests_refused_total',
    help: 'HTTP requests refused before anything ran, by reason (batch_size, cost_writes, cost_reads, unauthenticated_batch)',
    labelNames: ['reason'] as const,
    registers,
  });
  const notSent = new Counter({
    name: 'provider_calls_not_sent_total',
    help: 'Provider calls answered without being sent, by provider and reason (budget, deadline, cancelled, provider_wait, tenant_share, rate_limited)',
    labelNames: ['provider', 'reason'] as const,
    registers,
  });
  const breakers = new Map<ProviderName, () => BreakerState>();
  new Gauge({
    name: 'provider_circuit_breaker_state',
    help: 'Circuit breaker of each configured provider: 1 for its current state, 0 for the others',
    labelNames: ['provider', 'state'] as const,
    registers,
    collect() {
      for (const [provider, stateOf] of breakers) {
        const current = stateOf();
        for (const state of BREAKER_STATES) this.set({ provider, state }, state === current ? 1 : 0);
      }
    },
  });

  return {
    registry,
    operation: (type, outcome, seconds) => operations.observe({ type, outcome }, seconds),
    providerRequest: (provider, method, status, seconds) =>
      providerRequests.observe({ provider, method, status_class: status }, seconds),
    retry: (provider, after) => retries.inc({ provider, cause: retryCauseOf(after) }),
    updateResult: (provider, typename) => updateResults.inc({ provider, typename }),
    watchBreaker: (provider, state) => void breakers.set(provider, state),
    requestRefused: (reason) => refusedRequests.inc({ reason }),
    callNotSent: (provider, reason) => notSent.inc({ provider, reason }),
  };
}

function retryCauseOf(after: RetryCase): string {
  const cause = 'status' in after ? String(after.status) : after.reason;
  return RETRY_CAUSES.includes(cause) ? cause : 'other';
}

export function statusClassOf(status: number): StatusClass {
  const hundreds = Math.floor(status / 100);
  return hundreds >= 1 && hundreds <= 5 ? (`${hundreds}xx` as StatusClass) : 'none';
}

/**
 * The provider call pipeline's metrics layer, around each attempt (src/server/wiring/provider-gateways.ts
 * puts it in place): each request sent to a provider is timed and counted by status class (`none`
 * when no answer came), and a retry is counted by what the attempt it follows got. Read-cache hits
 * never get here: only requests sent.
 */
export function measureAttempts(metrics: Metrics): AttemptLayer {
  return (next) => async (request, attempt) => {
    if (attempt.retryOf) metrics.retry(request.provider, attempt.retryOf);
    const started = performance.now();
    const result = await next(request, attempt);
    const status = 'status' in result ? statusClassOf(result.status) : 'none';
    metrics.providerRequest(request.provider, request.method, status, elapsed(started));
    return result;
  };
}

const elapsed = (started: number): number => (performance.now() - started) / 1000;
