import type { EventEmitter } from 'node:events';
import type { ProviderName } from '../domain/provider';
import type { StopCheck } from '../limits/request-scope';

/**
 * A provider call as a pipeline of layers, each `(next) => call`: the vocabulary that the layers
 * share. The data source (src/providers/shared/provider-data-source.ts) builds a CallRequest and
 * maps the CallResult; the layers in between are composed once per provider at start-up
 * (composeProviderCall, src/providers/shared/provider-call.ts), outermost first:
 *
 *   read cache -> the call's span -> breaker, retries and budget -> each attempt's span and metrics -> HTTP client
 *
 * The read cache, the resilience policy and the HTTP client are the providers' (src/providers/shared/),
 * the spans and metrics telemetry's (src/telemetry/): both import this module and neither imports
 * the other.
 */

export type CallMethod = 'GET' | 'PUT' | 'PATCH';

/** The credential a data source's calls carry: one object per data source, the same for each of its calls. */
export interface CallCredential {
  readonly token: string;
}

/** One logical provider call, as the data source asks for it. */
export interface CallRequest {
  provider: ProviderName;
  method: CallMethod;
  url: string;
  /**
   * The URL with `{id}` in place of each workspace id (escaped as in a URL: `%7Bid%7D`), for
   * spans: built only when asked for (a traced call).
   */
  urlTemplate: () => string;
  /** Sent exactly as given (the HTTP client adds none). */
  headers: Readonly<Record<string, string>>;
  body?: string | undefined;
  /** Whether the call may be sent again: only then is it retried. */
  idempotent: boolean;
  /** Says when the GraphQL request stopped (client gone, deadline): no retry is sent after that. */
  stop?: StopCheck | undefined;
  /** Whose token `headers` carry: the read cache keeps each credential's answers apart. */
  credential: CallCredential;
  /**
   * The traced request's context (OpenTelemetry's, opaque here) when the sampler kept the request:
   * the parent of the call's spans. Absent: nothing about the call is traced.
   */
  trace?: unknown;
  /** A GET that must see the provider's current state (a plan, an update's revision check): never answered from the read cache. */
  fresh?: boolean;
}

/**
 * What an attempt's deadline fires: `abort`, once, with a TimeoutError as its `reason`. An
 * EventEmitter rather than an AbortSignal: an AbortController per attempt (an EventTarget, and the
 * listener added to it) cost about 10 µs of CPU per call, 5 % of a whole mutation; the HTTP client
 * listens to it itself rather than hand it to undici as `signal` (shared/signal-dispatcher.ts),
 * another 8 µs (BENCHMARKS.md, issue 19).
 */
export interface AttemptSignal extends EventEmitter {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/** One attempt of a call: what the retry policy adds to the call's request for it. */
export interface Attempt {
  /** 0 for the first attempt, 1 for the first retry… */
  number: number;
  /** Fires at the attempt's deadline, or at the end of the call's budget. */
  signal: AttemptSignal;
  /** What the previous attempt got, when this one is a retry: what the retry follows. */
  retryOf: AttemptResult | undefined;
}

/** A provider's answer, read in full and decoded (any status). */
export interface CallAnswer {
  status: number;
  /** A response header, case-insensitively; repeated ones joined with `, `. */
  header(name: string): string | null;
  /** The body as UTF-8 text, without a byte order mark. */
  text: string;
}

/** An attempt that got no HTTP answer, and why. */
export interface NoAnswer {
  reason: 'timeout' | 'refused' | 'reset' | 'unreachable' | 'too-large';
}

/** A call refused by the provider's open circuit breaker: nothing was sent. */
export interface CircuitOpen {
  reason: 'circuit-open';
}

/** How one attempt ended. An attempt never throws: a call that got no answer comes back as why. */
export type AttemptResult = CallAnswer | NoAnswer;

/** How a call ended: the last attempt's result, or the breaker's refusal. */
export type CallResult = AttemptResult | CircuitOpen;

/** One logical call, retries included. */
export type ProviderCall = (request: CallRequest) => Promise<CallResult>;

/** One attempt of the call `request`, as sent. */
export type ProviderAttempt = (request: CallRequest, attempt: Attempt) => Promise<AttemptResult>;

/** A layer around the whole call (once per call, whatever its attempts). */
export type CallLayer = (next: ProviderCall) => ProviderCall;

/** A layer around each attempt (retries included). */
export type AttemptLayer = (next: ProviderAttempt) => ProviderAttempt;
