// The provider emulator's public surface (see server.ts for how it works).
export {
  DEFAULT_EMULATOR_TOKEN,
  EMULATED_PROVIDERS,
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
export { SEEDED_WORKSPACES, extraWorkspaceIds, MAX_EXTRA_WORKSPACES } from './seeds';
export { peakInFlight } from './in-flight';
export { EMULATOR_TENANTS } from './tenants';
export { PROVIDER_PREFIXES } from './providers';
export { JSON_API_MEDIA_TYPE, terraformRateLimitFault } from './providers/terraform';
