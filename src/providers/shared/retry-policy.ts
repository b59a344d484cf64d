/**
 * The retry table, as the providers' mappings read it. It is defined in
 * src/provider-calls/retry-policy.ts, beside the other terms of a provider call, because the
 * metrics label retries by it too and telemetry/ never imports providers/.
 */
export {
  isReportedRetryable,
  isRetriedHere,
  RETRY_POLICY,
  retryRuleOf,
  type RetryCase,
  type RetryRule,
} from '../../provider-calls/retry-policy';
