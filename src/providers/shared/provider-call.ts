import type { AttemptLayer, CallLayer, ProviderAttempt, ProviderCall } from '../../provider-calls/types';
import type { SendRequest } from './http-client';
import type { ProviderSettings } from './provider-settings';
import { readCacheLayer, type SharedReadCache } from './read-cache';
import type { ProviderResilience } from './resilience';
import { classifyNetworkError } from './upstream';

/** What a provider call is made of on the providers' side. */
export interface ProviderCallParts {
  send: SendRequest;
  resilience: ProviderResilience;
  readCache?: SharedReadCache | undefined;
}

/**
 * What whoever composes the pipeline adds around the call and around each attempt: spans and
 * metrics (src/telemetry/), given by the server, so that providers/ never imports telemetry/.
 * In each list the first layer is the outermost.
 */
export interface CallObservers {
  /** Once per call that is not answered from the read cache. */
  call?: readonly CallLayer[];
  /** Once per attempt actually sent, retries included. */
  attempt?: readonly AttemptLayer[];
}

/**
 * One provider's call pipeline, composed once (at start-up), outermost first:
 *
 *   read cache (GETs, when there is one) -> `observers.call` -> breaker, retries and budget
 *   -> `observers.attempt` -> the HTTP client
 *
 * A call costs only the layers' own work: nothing here runs per call. The layers' types keep the
 * order: a CallLayer cannot be put inside the resilience layer, nor an AttemptLayer outside it.
 */
export function composeProviderCall(parts: ProviderCallParts, observers: CallObservers = {}): ProviderCall {
  const attempt = wrap(httpAttempt(parts.send), observers.attempt ?? []);
  const call = wrap(parts.resilience.around(attempt), observers.call ?? []);
  return parts.readCache ? readCacheLayer(parts.readCache)(call) : call;
}

/**
 * The innermost layer: one request through the HTTP client, read in full. It never throws: a
 * request that got no answer comes back as why (timeout, refused, reset…).
 */
function httpAttempt(send: SendRequest): ProviderAttempt {
  return async ({ method, url, headers, body }, { signal }) => {
    try {
      return await send({ method, url, headers, body, signal });
    } catch (error) {
      return classifyNetworkError(error);
    }
  };
}

/** `inner` inside `layers`, the first the outermost. */
function wrap<F>(inner: F, layers: readonly ((next: F) => F)[]): F {
  return layers.reduceRight((next, layer) => layer(next), inner);
}

const composed = new WeakMap<ProviderSettings, ProviderCall>();

/**
 * The settings' pipeline: their own `call`, else one composed from their parts without observers
 * (once per settings object).
 */
export function providerCallOf(settings: ProviderSettings): ProviderCall {
  if (settings.call) return settings.call;
  let call = composed.get(settings);
  if (!call) {
    call = composeProviderCall(settings);
    composed.set(settings, call);
  }
  return call;
}
