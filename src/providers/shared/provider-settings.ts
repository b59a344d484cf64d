import type { CredentialPolicy } from '../../credentials';
import type { ProviderCall } from '../../provider-calls/types';
import type { SendRequest } from './http-client';
import type { SharedReadCache } from './read-cache';
import type { ProviderResilience } from './resilience';

export type { SharedReadCache } from './read-cache';

/** Where and how one provider is called. Built once from configuration. */
export interface ProviderSettings {
  /** The provider's API base URL, version prefix included. */
  baseUrl: string;
  /** Whose token its calls carry (`service`, `tenant`, `caller`); resolved per request. */
  credentials: CredentialPolicy;
  /** The HTTP client's `send`; shared so connections are kept alive across requests. */
  send: SendRequest;
  /** This provider's breaker, retries and deadlines; shared by all requests. */
  resilience: ProviderResilience;
  /** A cache shared by replicas (Redis) for GET responses of status 200; updates invalidate their entries. */
  readCache?: SharedReadCache | undefined;
  /**
   * Every call of this provider goes through this pipeline, composed once from `send`,
   * `resilience` and `readCache` by composeProviderCall (provider-call.ts), with the spans and
   * metrics the server adds (src/server/wiring/provider-gateways.ts). Settings without one (a test's, a
   * benchmark's) get the same pipeline without spans or metrics, composed on first use.
   */
  call?: ProviderCall | undefined;
}
