import type { ProviderCapabilities } from '../../domain/capabilities';
import { fail, failures, succeed, type Outcome, type WorkspaceFailure } from '../../domain/failures';
import type { WorkspaceRef } from '../../domain/global-id';
import { decodeGlobalId, globalIdOf } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import { PROVIDER_LABELS } from '../../domain/provider';
import type { Workspace } from '../../domain/workspace';
import type { WorkspaceGateway } from '../../domain/workspace-gateway';
import { inAttempt, traceProviderCall, urlTemplateOf } from '../../telemetry/provider-spans';
import { wireHeaders, type OutboundRequest } from './http-client';
import type { ProviderSettings } from './provider-settings';
import type { AttemptResult, CircuitOpen } from './resilience';
import { isReportedRetryable } from './retry-policy';
import type { StopCheck } from '../../limits/request-scope';
import type { FailureContext } from './status-failure';
import { classifyNetworkError, parseBodyText, type UpstreamNetworkFailure, type UpstreamResponse } from './upstream';

type HttpMethod = OutboundRequest['method'];

/**
 * What differs from one provider's REST API to the next. Each provider folder defines one,
 * built from its own payload schemas and mapping.
 */
export interface ProviderRestContract {
  capabilities: ProviderCapabilities;
  updateMethod: Exclude<HttpMethod, 'GET'>;
  /** The REST path of a workspace, relative to the base URL, segments already escaped. */
  pathFor(ref: WorkspaceRef): string;
  /** The request body of an update, under the provider's own field names. */
  requestBody(patch: WorkspacePatch): object;
  /** A success body as a Workspace, or null when the body is unusable. */
  toWorkspace(body: unknown, ref: WorkspaceRef): Workspace | null;
  /** An error answer as a failure, reading the provider's own envelope. */
  toFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure;
  /**
   * Headers this provider's API wants on every call (say `Content-Type: application/vnd.api+json`).
   * They replace the defaults, `Accept: application/json` and, on a call with a body,
   * `Content-Type: application/json`; never `Authorization`.
   */
  requestHeaders?: Readonly<Record<string, string>>;
}

/**
 * The shared read cache's keys for provider GETs start with this; the rest is the method, the
 * URL and the credential's keyed hash (never the credential).
 */
export const READ_CACHE_PREFIX = 'provider-read:';

const NETWORK_MESSAGES: Record<UpstreamNetworkFailure['reason'], string> = {
  timeout: 'did not answer in time',
  refused: 'refused the connection',
  reset: 'closed the connection before answering',
  unreachable: 'could not be reached',
  'too-large': 'answered with a body larger than this subgraph accepts',
};

/**
 * The shared half of every provider's REST data source: auth, sending, reading the answer in
 * full and turning it into an Outcome. A provider's folder holds the other half, its
 * ProviderRestContract: paths, verb, request body, payload schemas and error envelope.
 *
 * Created per provider per GraphQL request, with that request's credential for the provider;
 * the HTTP client, breaker and read cache it uses are shared (ProviderSettings).
 */
export class ProviderDataSource implements WorkspaceGateway {
  readonly capabilities: ProviderCapabilities;
  private readonly baseUrl: string;
  /** Authorization, Accept and the contract's headers. */
  private readonly ownHeaders: Readonly<Record<string, string>>;
  /** What a call without a body sends; `bodyHeaders` adds a Content-Type when the contract sets none. */
  private readonly headers: Readonly<Record<string, string>>;
  private bodyHeaders: Readonly<Record<string, string>> | undefined;
  /** The credential's keyed hash, for cache keys; computed on first use. */
  private credentialKey: string | undefined;

  /**
   * @param credential this request's token for this provider (service, tenant or caller), sent
   * as `Authorization: Bearer …` to this provider only; never logged, returned or cached in clear.
   * @param stop says when the GraphQL request stopped (client gone, deadline): no retry follows.
   */
  constructor(
    private readonly contract: ProviderRestContract,
    private readonly settings: ProviderSettings,
    private readonly credential: string,
    private readonly stop?: StopCheck,
  ) {
    this.capabilities = contract.capabilities;
    // A base URL without a trailing slash would lose its last segment (the version prefix)
    // when paths are resolved against it.
    this.baseUrl = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
    const own: Record<string, string> = { authorization: `Bearer ${credential}`, accept: 'application/json' };
    for (const [name, value] of Object.entries(contract.requestHeaders ?? {})) {
      if (name.toLowerCase() !== 'authorization') own[name.toLowerCase()] = value;
    }
    this.ownHeaders = own;
    this.headers = withWireHeaders(own, this.baseUrl);
  }

  async getWorkspace(ref: WorkspaceRef): Promise<Outcome<Workspace | null>> {
    const id = globalIdOf(ref);
    const answer = await this.call('GET', ref);
    if ('reason' in answer) return fail(this.callFailure(answer));
    if (answer.status === 404) return succeed(null);
    return this.outcomeOf(answer, ref, { provider: ref.provider, id });
  }

  async updateWorkspace(ref: WorkspaceRef, patch: WorkspacePatch, id: string): Promise<Outcome<Workspace>> {
    const answer = await this.call(this.contract.updateMethod, ref, this.contract.requestBody(patch));
    if ('reason' in answer) return fail(this.callFailure(answer));
    const outcome = this.outcomeOf(answer, ref, { provider: ref.provider, id, patch });
    if (outcome.ok) await this.forgetCachedReads([ref, outcome.value.id]);
    return outcome;
  }

  /**
   * One logical call: through the provider's breaker, retried when the verb is idempotent; a span
   * with one child per attempt when the request is traced (telemetry/provider-spans.ts).
   */
  private call(method: HttpMethod, ref: WorkspaceRef, body?: object): Promise<AttemptResult | CircuitOpen> {
    const url = this.urlOf(ref);
    const request: OutboundRequest =
      method === 'GET'
        ? { method, url, headers: this.headers }
        : { method, url, headers: (this.bodyHeaders ??= this.withContentType()), body: JSON.stringify(body ?? {}) };
    // Updates are never served from the cache nor stored in it.
    const cacheKey = method === 'GET' ? this.readCacheKey(url) : undefined;
    // GET and PUT replace state and may be repeated; Altostrat's PATCH is never retried.
    const idempotent = method !== 'PATCH';
    const run = () =>
      this.settings.resilience.run(
        (signal, attempt) => inAttempt(attempt, () => this.attempt(request, cacheKey, signal)),
        idempotent,
        this.stop,
      );
    return traceProviderCall({ provider: ref.provider, method, urlTemplate: () => this.urlTemplateOf(ref) }, run);
  }

  /**
   * One attempt; with a shared read cache, a GET is answered from it when it holds one, and a
   * GET answered 200 is kept there for the TTL. Errors are data here: every status is read and
   * mapped; a call that got no answer comes back as why.
   */
  private async attempt(
    request: OutboundRequest,
    cacheKey: string | undefined,
    signal: AbortSignal,
  ): Promise<AttemptResult> {
    const readCache = this.settings.readCache;
    try {
      if (readCache && cacheKey !== undefined) {
        const cached = await readCache.cache.get(cacheKey);
        if (cached !== undefined) return { status: 200, header: noHeader, body: parseBodyText(cached) };
      }
      const response = await this.settings.send({ ...request, signal });
      if (readCache && cacheKey !== undefined && response.status === 200) {
        // Not waited for: the answer does not depend on it. The Redis adapter logs its own
        // failures and resolves (shared-cache.ts); any other cache's are ignored.
        void readCache.cache.set(cacheKey, response.text, { ttl: readCache.ttlSeconds }).catch(() => undefined);
      }
      return { status: response.status, header: response.header, body: parseBodyText(response.text) };
    } catch (error) {
      return classifyNetworkError(error);
    }
  }

  private withContentType(): Readonly<Record<string, string>> {
    if ('content-type' in this.ownHeaders) return this.headers;
    return withWireHeaders({ ...this.ownHeaders, 'content-type': 'application/json' }, this.baseUrl);
  }

  private urlOf(ref: WorkspaceRef): string {
    return new URL(this.contract.pathFor(ref), this.baseUrl).href;
  }

  /** The URL with `{id}` for each of the reference's segments: what a span may show. */
  private urlTemplateOf(ref: WorkspaceRef): string {
    return urlTemplateOf(this.contract.pathFor({ ...ref, segments: ref.segments.map(() => '{id}') }), this.baseUrl);
  }

  /**
   * Cached reads are keyed by the credential too (as a keyed hash): a response read with one
   * tenant's or caller's token is never served to a request that uses another.
   */
  private readCacheKey(url: string): string | undefined {
    const readCache = this.settings.readCache;
    if (!readCache) return undefined;
    return `${READ_CACHE_PREFIX}GET ${url} ${(this.credentialKey ??= readCache.credentialKey(this.credential))}`;
  }

  /** After an update, the cached GETs of the old and the new address are stale. */
  private async forgetCachedReads(addresses: (WorkspaceRef | string)[]): Promise<void> {
    const readCache = this.settings.readCache;
    if (!readCache) return;
    for (const address of addresses) {
      const ref =
        typeof address === 'string'
          ? decodeGlobalId(address, () => this.capabilities.referenceSegments)
          : { ok: true as const, ref: address };
      if (!ref.ok) continue;
      const key = this.readCacheKey(this.urlOf(ref.ref));
      if (key !== undefined) await readCache.cache.delete(key);
    }
  }

  private outcomeOf(answer: UpstreamResponse, ref: WorkspaceRef, context: FailureContext): Outcome<Workspace> {
    if (answer.status < 200 || answer.status >= 300) {
      return fail(withoutSecret(this.contract.toFailure(answer, context), this.credential));
    }
    const workspace = answer.body.kind === 'json' ? this.contract.toWorkspace(answer.body.value, ref) : null;
    if (workspace) return succeed(workspace);
    return fail(
      failures.provider(
        ref.provider,
        { status: answer.status, code: null, retryable: false },
        `${PROVIDER_LABELS[ref.provider]} answered with a body that is not a usable workspace`,
      ),
    );
  }

  private callFailure(failure: UpstreamNetworkFailure | CircuitOpen): WorkspaceFailure {
    const provider = this.capabilities.provider;
    const label = PROVIDER_LABELS[provider];
    const retryable = isReportedRetryable(failure);
    if (failure.reason === 'circuit-open') {
      const seconds = this.settings.resilience.halfOpenAfterSeconds;
      return failures.provider(
        provider,
        { status: null, code: 'CIRCUIT_OPEN', retryable },
        `${label} is failing: calls to it are paused (circuit breaker open) for up to ${seconds} s`,
      );
    }
    return failures.provider(
      provider,
      { status: null, code: failure.reason.toUpperCase().replace('-', '_'), retryable },
      `${label} ${NETWORK_MESSAGES[failure.reason]}`,
    );
  }
}

/** `own`, then the HTTP client's wire headers that `own` does not set (the order fetch() sent them in). */
function withWireHeaders(own: Record<string, string>, url: string): Record<string, string> {
  return { ...own, ...wireHeaders(url), ...own };
}

/** A cached answer keeps only its body: its headers are never read (only 200s are cached). */
const noHeader = (): null => null;

/**
 * A provider may echo the request's credentials in its error text; failures carry provider
 * messages, so the token is cut out of every string before it can reach a response or a log.
 */
function withoutSecret(failure: WorkspaceFailure, token: string): WorkspaceFailure {
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return value.split(token).join('[redacted]');
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item)]));
    }
    return value;
  };
  return scrub(failure) as WorkspaceFailure;
}

/** Escapes each reference segment for a URL path (segments are validated beforehand too). */
export function pathOf(...segments: string[]): string {
  return segments.map(encodeURIComponent).join('/');
}
