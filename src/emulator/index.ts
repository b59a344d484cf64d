// The provider emulator's public surface (see server.ts for how it works).
export {
  DEFAULT_EMULATOR_TOKEN,
  type EmulatedProvider,
  type Emulator,
  type EmulatorOptions,
  type EmulatorTenant,
  type EmulatorTenants,
  type Fault,
  type FaultKind,
  type RecordedRequest,
  type SeededWorkspace,
} from './types';
export { startEmulator } from './server';
export {
  EMULATED_PROVIDERS,
  SEEDED_WORKSPACES,
  extraWorkspaceIds,
  PROVIDER_PREFIXES,
  PROVIDER_REST,
} from './providers/registry';
export type { TwinRest } from './providers/twin';
export { MAX_EXTRA_WORKSPACES } from './providers/twin';
export { peakInFlight } from './in-flight';
export { EMULATOR_TENANTS } from './tenants';
// Provider-specific helpers the subgraph's tests use.
export { JSON_API_MEDIA_TYPE, terraformRateLimitFault } from './providers/terraform';
