import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../request/request-context';
import { resultName } from '../../domain/result-names';
import type { UpdateAttempt } from '../../domain/workspace-service';
import { OPERATION_TYPES, type Metrics, type OperationType } from '../../telemetry/metrics';

/**
 * Operations by type and outcome, with their duration: one observation per operation answered
 * (each operation of a batch), `error` when the response carries errors. Not the operation's
 * name: clients choose it.
 */
export function operationMetricsPlugin(metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, errors }) {
          const type = operation?.operation;
          metrics.operation(
            type && (OPERATION_TYPES as readonly string[]).includes(type) ? (type as OperationType) : 'unknown',
            errors?.length ? 'error' : 'success',
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}

/** Update results by provider and `__typename`: told of every update, as the audit log is. */
export function updateResultMetrics(metrics: Metrics): (update: UpdateAttempt) => void {
  return ({ provider, outcome }) => metrics.updateResult(provider ?? 'none', resultName(outcome));
}
