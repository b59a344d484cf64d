import type { Fetcher } from '@apollo/utils.fetcher';

/** Where and how one provider is called. Built once from configuration. */
export interface ProviderSettings {
  /** The provider's API base URL, version prefix included. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`; never logged or returned. */
  token: string | undefined;
  /** Deadline for one upstream call, in milliseconds. */
  timeoutMs: number;
  /** The HTTP client (a fetch); shared so connections are kept alive across requests. */
  fetch?: Fetcher;
}
