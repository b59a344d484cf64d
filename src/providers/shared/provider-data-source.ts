import {
  RESTDataSource,
  type AugmentedRequest,
  type DataSourceConfig,
  type DataSourceRequest,
  type RequestDeduplicationPolicy,
  type RequestOptions,
} from '@apollo/datasource-rest';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import type { ProviderCapabilities } from '../../domain/capabilities';
import { fail, failures, succeed, type Outcome, type WorkspaceFailure } from '../../domain/failures';
import type { WorkspaceRef } from '../../domain/global-id';
import { decodeGlobalId, globalIdOf } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import { PROVIDER_LABELS } from '../../domain/provider';
import type { Workspace } from '../../domain/workspace';
import type { WorkspaceGateway } from '../../domain/workspace-gateway';
import { PassThroughHTTPCache } from './pass-through-http-cache';
import type { ProviderSettings } from './provider-settings';
import type { AttemptResult, CircuitOpen } from './resilience';
import type { FailureContext } from './status-failure';
import {
  classifyNetworkError,
  parseBodyText,
  type ParsedBody,
  type UpstreamNetworkFailure,
  type UpstreamResponse,
} from './upstream';

type HttpMethod = 'GET' | 'PUT' | 'PATCH';

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
}

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
 * Created per GraphQL request, as @apollo/datasource-rest intends.
 */
export class ProviderDataSource extends RESTDataSource implements WorkspaceGateway {
  readonly capabilities: ProviderCapabilities;
  /** The credential's keyed hash, for cache keys; computed on first use. */
  private credentialKey: string | undefined;

  /**
   * @param credential this request's token for this provider (service, tenant or caller), sent
   * as `Authorization: Bearer …` to this provider only; never logged, returned or cached in clear.
   */
  constructor(
    private readonly contract: ProviderRestContract,
    private readonly settings: ProviderSettings,
    private readonly credential: string,
    config: DataSourceConfig = {},
  ) {
    const fetch = config.fetch ?? settings.fetch;
    const cache = config.cache ?? settings.readCache?.cache;
    super({ ...config, fetch, cache });
    if (fetch) this.httpCache = new PassThroughHTTPCache(cache, fetch);
    this.capabilities = contract.capabilities;
    // A base URL without a trailing slash would lose its last segment (the version prefix)
    // when paths are resolved against it.
    this.baseURL = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
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
   * The request's DataLoader already asks once per workspace; RESTDataSource's own GET
   * de-duplication would only deep-clone every answer it hands out.
   */
  protected override requestDeduplicationPolicyFor(): RequestDeduplicationPolicy {
    return { policy: 'do-not-deduplicate' };
  }

  protected override willSendRequest(_path: string, request: AugmentedRequest): void {
    request.headers['authorization'] = `Bearer ${this.credential}`;
    request.headers['accept'] = 'application/json';
  }

  /**
   * Cached reads are keyed by the credential too (as a keyed hash): a response read with one
   * tenant's or caller's token is never served to a request that uses another.
   */
  protected override cacheKeyFor(url: URL, request: RequestOptions): string {
    const base = super.cacheKeyFor(url, request);
    const readCache = this.settings.readCache;
    return readCache ? `${base} ${(this.credentialKey ??= readCache.credentialKey(this.credential))}` : base;
  }

  /**
   * RESTDataSource prints `METHOD url (ms)` to the console under NODE_ENV=development; this
   * subgraph's logs are structured JSON only, so the call runs untraced.
   */
  protected override trace<TResult>(_url: URL, _request: unknown, fn: () => Promise<TResult>): Promise<TResult> {
    return fn();
  }

  /** Errors are data here: every status is read and mapped, none is thrown. */
  protected override async throwIfResponseIsError(): Promise<void> {}

  /** Reads the whole body once; JSON when it parses, the text otherwise. */
  protected override async parseBody(response: FetcherResponse): Promise<ParsedBody> {
    return parseBodyText(await response.text());
  }

  /** One logical call: through the provider's breaker, retried when the verb is idempotent. */
  private call(method: HttpMethod, ref: WorkspaceRef, body?: object): Promise<AttemptResult | CircuitOpen> {
    // GET and PUT replace state and may be repeated; Altostrat's PATCH is never retried.
    const idempotent = method !== 'PATCH';
    return this.settings.resilience.run((signal) => this.attempt(method, ref, body, signal), idempotent);
  }

  private async attempt(
    method: HttpMethod,
    ref: WorkspaceRef,
    body: object | undefined,
    signal: AbortSignal,
  ): Promise<AttemptResult> {
    try {
      // Following a redirect could carry the bearer token somewhere else.
      const options = { redirect: 'manual' as const, signal };
      const request: DataSourceRequest =
        method === 'GET'
          ? { ...options, method, ...this.readCacheOptions() }
          : // Updates are never served from the cache: skipping it spares a cache lookup per call.
            { ...options, method, body: body ?? {}, skipCache: true };
      const { parsedBody, response } = await this.fetch<ParsedBody>(this.contract.pathFor(ref), request);
      return { status: response.status, header: (name) => response.headers.get(name), body: parsedBody };
    } catch (error) {
      return classifyNetworkError(error);
    }
  }

  /**
   * With a shared read cache, a successful GET is kept for its TTL. The responses carry no
   * cache headers and the request an Authorization header, so the policy is told this cache is
   * private to this subgraph's credentials.
   */
  private readCacheOptions(): Pick<
    RequestOptions,
    'skipCache' | 'httpCacheSemanticsCachePolicyOptions' | 'cacheOptions'
  > {
    const readCache = this.settings.readCache;
    if (!readCache) return { skipCache: true };
    return {
      httpCacheSemanticsCachePolicyOptions: { shared: false },
      cacheOptions: (_url: string, response: FetcherResponse) =>
        response.status === 200 ? { ttl: readCache.ttlSeconds } : undefined,
    };
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
      const url = new URL(this.contract.pathFor(ref.ref), this.baseURL);
      // RESTDataSource's HTTPCache stores entries under this prefix (HTTPCache.js).
      await readCache.cache.delete(`httpcache:${this.cacheKeyFor(url, { method: 'GET' })}`);
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
    if (failure.reason === 'circuit-open') {
      const seconds = this.settings.resilience.halfOpenAfterSeconds;
      return failures.provider(
        provider,
        { status: null, code: 'CIRCUIT_OPEN', retryable: true },
        `${label} is failing: calls to it are paused (circuit breaker open) for up to ${seconds} s`,
      );
    }
    return failures.provider(
      provider,
      { status: null, code: failure.reason.toUpperCase().replace('-', '_'), retryable: failure.reason !== 'too-large' },
      `${label} ${NETWORK_MESSAGES[failure.reason]}`,
    );
  }
}

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
