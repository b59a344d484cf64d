import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { CredentialPolicy } from '../../credentials';
import type { SendRequest } from './http-client';
import type { ProviderResilience } from './resilience';

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
}

export interface SharedReadCache {
  cache: KeyValueCache<string>;
  ttlSeconds: number;
  /** A keyed hash of the credential: each cache entry is served only to the same credential. */
  credentialKey(credential: string): string;
}
