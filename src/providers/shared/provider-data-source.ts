import { randomBytes } from 'node:crypto';
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
import { publicFailure } from './public-failure';
import { secretScrubber } from './secret-scrub';

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
 * URL, the URL's read version and the credential's keyed hash (never the credential).
 */
export const READ_CACHE_PREFIX = 'provider-read:';

/**
 * The read version of a URL is kept under this prefix and the URL (no credential). Every cached
 * read of the URL is keyed with it, whatever its credential; an update writes a new one, so the
 * reads cached before it, with any credential, by any replica, are never served again (they
 * expire by their TTL).
 */
export const READ_VERSION_PREFIX = 'provider-read-version:';

/** The read version of a URL no update has written one for (or whose version expired). */
const FIRST_READ_VERSION = '0';

/**
 * How long a read version is kept past the read TTL. It must outlive every entry cached under the
 * version it replaced, read before the update but stored after it (a read lasts at most the
 * request deadline): when it expires, the URL's reads use FIRST_READ_VERSION again.
 */
const READ_VERSION_EXTRA_TTL_SECONDS = 86_400;

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
  /** Cuts this credential out of a provider's free text (secret-scrub.ts); made on first use. */
  private scrub: ((text: string) => string) | undefined;

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
    if ('reason' in answer) {
      // A call that may have reached the provider (a timeout, a reset) may have changed the workspace.
      if (answer.reason !== 'circuit-open' && answer.reason !== 'refused') await this.forgetCachedReads([ref]);
      return fail(this.callFailure(answer));
    }
    const outcome = this.outcomeOf(answer, ref, { provider: ref.provider, id, patch });
    if (outcome.ok) await this.forgetCachedReads([ref, outcome.value.id]);
    // A 4xx refused the change; after a 5xx, whether it was made is unknown.
    else if (answer.status >= 500) await this.forgetCachedReads([ref]);
    return outcome;
  }

  /**
   * One logical call: through the provider's breaker, retried when the verb is idempotent; a span
   * with one child per attempt when the request is traced (telemetry/provider-spans.ts).
   */
  private async call(method: HttpMethod, ref: WorkspaceRef, body?: object): Promise<AttemptResult | CircuitOpen> {
    const url = this.urlOf(ref);
    const request: OutboundRequest =
      method === 'GET'
        ? { method, url, headers: this.headers }
        : { method, url, headers: (this.bodyHeaders ??= this.withContentType()), body: JSON.stringify(body ?? {}) };
    // Updates are never served from the cache nor stored in it.
    const cacheKey = method === 'GET' && this.settings.readCache ? await this.readCacheKey(url) : undefined;
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
   * The cache key of a GET of `url`: the URL's read version (one cache GET per read), then the
   * credential (as a keyed hash): a response read with one tenant's or caller's token is never
   * served to a request that uses another, and an update, whoever made it, makes every
   * credential's entries unreachable.
   */
  private async readCacheKey(url: string): Promise<string | undefined> {
    const readCache = this.settings.readCache;
    if (!readCache) return undefined;
    const version = (await readCache.cache.get(readVersionKey(url)).catch(() => undefined)) ?? FIRST_READ_VERSION;
    const credentialKey = (this.credentialKey ??= readCache.credentialKey(this.credential));
    return `${READ_CACHE_PREFIX}GET ${url} ${version} ${credentialKey}`;
  }

  /**
   * After an update, every cached GET of the old and the new address is stale, whichever
   * credential read it: one new read version per address (one cache SET).
   */
  private async forgetCachedReads(addresses: (WorkspaceRef | string)[]): Promise<void> {
    const readCache = this.settings.readCache;
    if (!readCache) return;
    const urls = new Set<string>();
    for (const address of addresses) {
      const ref =
        typeof address === 'string'
          ? decodeGlobalId(address, () => this.capabilities.referenceSegments)
          : { ok: true as const, ref: address };
      if (ref.ok) urls.add(this.urlOf(ref.ref));
    }
    const ttl = readCache.ttlSeconds + READ_VERSION_EXTRA_TTL_SECONDS;
    // Waited for: a read that follows the update's answer must find the new version.
    await Promise.all(
      [...urls].map((url) =>
        readCache.cache.set(readVersionKey(url), newReadVersion(), { ttl }).catch(() => undefined),
      ),
    );
  }

  /**
   * A provider's error answer as a failure: its mapping reads the envelope (a body that is not
   * JSON reaches it as empty: its text is never shown), then only a 4xx keeps the provider's
   * words, and the credential is cut out of every free text (public-failure.ts).
   */
  private errorFailure(answer: UpstreamResponse, context: FailureContext): WorkspaceFailure {
    const readable = answer.body.kind === 'json' ? answer : { ...answer, body: EMPTY_BODY };
    const failure = this.contract.toFailure(readable, context);
    return publicFailure(
      failure,
      answer.status,
      this.capabilities.provider,
      (this.scrub ??= secretScrubber(this.credential)),
    );
  }

  private outcomeOf(answer: UpstreamResponse, ref: WorkspaceRef, context: FailureContext): Outcome<Workspace> {
    if (answer.status < 200 || answer.status >= 300) return fail(this.errorFailure(answer, context));
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

/** What a provider's mapping reads instead of a body that is not JSON. */
const EMPTY_BODY: UpstreamResponse['body'] = { kind: 'text', text: '' };

/** A new read version: random, so two replicas' updates never write the same one. */
function newReadVersion(): string {
  return randomBytes(12).toString('base64url');
}

function readVersionKey(url: string): string {
  return `${READ_VERSION_PREFIX}${url}`;
}

/** Escapes each reference segment for a URL path (segments are validated beforehand too). */
export function pathOf(...segments: string[]): string {
  return segments.map(encodeURIComponent).join('/');
}
