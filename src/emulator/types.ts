// The emulator's public types. Deliberately independent of src/providers and src/domain:
// the emulator must describe the providers' contracts on its own, so that a mapping bug in
// the clients cannot be hidden by a schema both sides share.
import type { EmulatedProvider } from './providers/registry';

/** The emulated providers' names, derived from the registry's list of twins. */
export type { EmulatedProvider };

export const DEFAULT_EMULATOR_TOKEN = 'emulator-token';

/** One tenant: a token per provider and the seeded workspaces those tokens may see and change. */
export interface EmulatorTenant {
  /** A token opens only the provider it is listed for; sent to another one it is refused like an unknown token. */
  tokens: Readonly<Record<EmulatedProvider, string>>;
  /**
   * Global ids of seeded workspaces (`<provider>:<reference>`, as SEEDED_WORKSPACES lists them). Access
   * follows the record: a change of the reference (a rename, where the name is the reference) does not
   * lose it. Read-only workspaces stay read-only; any other seeded workspace answers the provider's 403
   * (or the 404 of a provider that does not tell a hidden workspace from a missing one).
   */
  workspaces: readonly string[];
}

/** Tenants by name, e.g. EMULATOR_TENANTS (tenants.ts). */
export type EmulatorTenants = Readonly<Record<string, EmulatorTenant>>;

export type FaultKind = 'reset' | 'hang' | 'malformed-json' | 'wrong-shape' | 'huge-body';

export interface Fault {
  /** Respond with this status (for the body-producing kinds it replaces their 200). */
  status?: number;
  /** JSON-serialised if not a string; sent as-is if a string. */
  body?: unknown;
  /** e.g. { 'retry-after': '7' } */
  headers?: Record<string, string>;
  /** Wait before answering (or before applying `kind`). A fault with only a delay then lets the call through. */
  delayMs?: number;
  kind?: FaultKind;
  /** How many matching requests it applies to (default 1; Infinity allowed). */
  times?: number;
  /** Only requests with this method (default: any). */
  method?: string;
}

export interface RecordedRequest {
  provider: EmulatedProvider;
  method: string;
  /** Path after the provider prefix, as received (raw, not decoded), without the query string. */
  path: string;
  rawUrl: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text if not JSON, or undefined when there was no body. */
  body: unknown;
  /** When the request arrived, in epoch ms with fractions (performance.timeOrigin + performance.now()). */
  receivedAt: number;
  /** When its response ended or its connection closed, in the same clock; undefined while in flight. */
  answeredAt?: number;
}

export interface EmulatorOptions {
  /** Default 0 = ephemeral. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default DEFAULT_EMULATOR_TOKEN. Sees and changes every workspace, and wins over a tenant token equal to it. */
  token?: string;
  /**
   * Replaces the built-in tenants (default EMULATOR_TENANTS: `acme` and `globex`); `{}` leaves only `token`.
   * Read once at start: reset() does not change tenancy. An unknown workspace id or a token used twice throws.
   */
  tenants?: EmulatorTenants;
  /** Default 0, added to every provider call. */
  latencyMs?: number;
  /**
   * Default 0: writable workspaces each provider has beyond its fixed seeds, for batches
   * (`extraWorkspaceIds(n)` lists their ids). reset() restores this count.
   */
  extraWorkspaces?: number;
}

export interface Emulator {
  url: string;
  baseUrls: Record<EmulatedProvider, string>;
  token: string;
  /** Provider calls only (not control calls), in order. Cleared in place. */
  requests: RecordedRequest[];
  clearRequests(): void;
  injectFault(provider: EmulatedProvider, fault: Fault): void;
  clearFaults(): void;
  setLatency(ms: number, provider?: EmulatedProvider): void;
  /** Reseeds every provider with `count` extra writable workspaces each; returns their global ids. */
  setExtraWorkspaces(count: number): Record<EmulatedProvider, string[]>;
  /** Reseed data, clear faults and requests, restore the latency and extra workspaces given at start. */
  reset(): void;
  /** Also ends hanging responses and open keep-alive sockets. */
  close(): Promise<void>;
}

export interface SeededWorkspace {
  reference: string;
  name: string;
  readOnly?: boolean;
}
