export {
  CostEstimator,
  addCosts,
  ROOT_FIELD_COSTS,
  type CostKind,
  type OperationRequest,
  type RequestCost,
} from './request-cost';
export { DEFAULT_REQUEST_LIMITS, RequestScope, type RequestLimits, type StopReason } from './request-scope';
export { WriteLanes } from './write-lanes';
export { MemoryFairUseStore, RedisFairUseStore, type FairUseStore, type RedisCommands } from './fair-use-store';
export { GuardedGateway, NOT_SENT_CODES, notSentCode, type FairUse, type NotSentReason } from './guarded-gateway';
export { batchRefusal, costRefusal, operationsOf, type Refusal, type RefusalReason } from './admission';
