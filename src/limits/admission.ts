import { addCosts, type CostEstimator, type OperationRequest } from './request-cost';
import { limitOf, type RequestLimits } from './request-scope';

/** Why a whole HTTP request was refused before anything ran (the metric's `reason` label). */
export type RefusalReason = 'batch_size' | 'cost_writes' | 'cost_reads' | 'unauthenticated_batch';

/** A request refused before it runs: its HTTP status and the GraphQL errors, one per operation. */
export interface Refusal {
  reason: RefusalReason;
  status: number;
  /** One error per operation (one for a request that is not a batch). */
  error: { message: string; extensions: Record<string, unknown> };
}

/** A batch larger than MAX_BATCH_OPERATIONS: HTTP 400, nothing run. */
export function batchRefusal(operations: number, limits: RequestLimits): Refusal | null {
  if (operations <= limits.maxBatchOperations) return null;
  return {
    reason: 'batch_size',
    status: 400,
    error: {
      message: `This batch has ${operations} operations; at most ${limits.maxBatchOperations} are allowed in one request (MAX_BATCH_OPERATIONS). Nothing was run.`,
      extensions: { code: 'BAD_REQUEST', maxBatchOperations: limits.maxBatchOperations },
    },
  };
}

/**
 * The request's upstream calls, estimated from every operation and its variables, against
 * MAX_REQUEST_WRITES and MAX_REQUEST_READS: over either, the whole request is refused (HTTP 400,
 * COST_ESTIMATED_TOO_EXPENSIVE, the code Apollo Router and Hive Router use) and nothing is sent.
 */
export function costRefusal(
  operations: readonly OperationRequest[],
  estimator: CostEstimator,
  limits: RequestLimits,
): Refusal | null {
  const cost = addCosts(operations.map((operation) => estimator.estimate(operation)));
  const kind = (['writes', 'reads'] as const).find((k) => cost[k] > limitOf(limits, k).max);
  if (!kind) return null;
  const over = { kind, estimated: cost[kind], ...limitOf(limits, kind) };
  return {
    reason: over.kind === 'writes' ? 'cost_writes' : 'cost_reads',
    status: 400,
    error: {
      message: `This request would make an estimated ${over.estimated} upstream ${over.kind}; at most ${over.max} are allowed in one request (${over.variable}). Nothing was sent: split it into smaller requests.`,
      extensions: {
        code: 'COST_ESTIMATED_TOO_EXPENSIVE',
        cost: { kind: over.kind, estimated: over.estimated, max: over.max },
      },
    },
  };
}

/** The operations of a POST body (one, or a batch) or of a GET's query string. */
export function operationsOf(body: unknown, search: URLSearchParams | null): OperationRequest[] {
  if (Array.isArray(body)) return body.map((item) => asOperation(item));
  if (body !== undefined && body !== null && typeof body === 'object') return [asOperation(body)];
  if (!search) return [];
  let variables: unknown;
  try {
    variables = JSON.parse(search.get('variables') ?? 'null');
  } catch {
    variables = undefined;
  }
  return [{ query: search.get('query') ?? undefined, operationName: search.get('operationName'), variables }];
}

function asOperation(item: unknown): OperationRequest {
  return item !== null && typeof item === 'object' ? (item as OperationRequest) : {};
}
