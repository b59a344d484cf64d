import type { Fetcher } from '@apollo/utils.fetcher';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { ProviderResilience } from './resilience';

/** Where and how one provider is called. Built once from configuration. */
export interface ProviderSettings {
  /** The provider's API base URL, version prefix included. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`; never logged or returned. */
  token: string | undefined;
  /** The HTTP client (a fetch); shared so connections are kept alive across requests. */
  fetch?: Fetcher;
  /** This provider's breaker, retries and deadlines; shared by all requests. */
  resilience: ProviderResilience;
  /** A cache shared by replicas (Redis) for GET responses; updates invalidate their entries. */
  readCache?: { cache: KeyValueCache<string>; ttlSeconds: number } | undefined;
}
