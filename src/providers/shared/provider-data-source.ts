import type { ProviderCapabilities } from '../../domain/capabilities';
import { fail, failures, succeed, type Outcome, type WorkspaceFailure } from '../../domain/failures';
import type { WorkspaceRef } from '../../domain/global-id';
import { decodeGlobalId, globalIdOf } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import type { CurrentWorkspace, ProviderRequest } from '../../domain/plan';
import { PROVIDER_LABELS } from '../../domain/provider';
import type { Workspace } from '../../domain/workspace';
import type { WorkspaceGateway } from '../../domain/workspace-gateway';
import type { StopCheck } from '../../limits/request-scope';
import { isReportedRetryable } from '../../provider-calls/retry-policy';
import type {
  CallAnswer,
  CallCredential,
  CallMethod,
  CallResult,
  CircuitOpen,
  NoAnswer,
  ProviderCall,
} from '../../provider-calls/types';
import { wireHeaders } from './http-client';
import { providerCallOf } from './provider-call';
import type { ProviderSettings } from './provider-settings';
import { publicFailure } from './public-failure';
import { forgetReads } from './read-cache';
import { secretScrubber } from './secret-scrub';
import type { FailureContext } from './status-failure';
import { parseBodyText, type UpstreamResponse } from './upstream';

export { READ_CACHE_PREFIX, READ_VERSION_PREFIX } from './read-cache';

/**
 * What differs from one provider's REST API to the next. Each provider folder defines one,
 * built from its own payload schemas and mapping.
 */
export interface ProviderRestContract {
  capabilities: ProviderCapabilities;
  updateMethod: Exclude<CallMethod, 'GET'>;
  /** The REST path of a workspace, relative to the base URL, segments already escaped. */
  pathFor(ref: WorkspaceRef): string;
  /** The request body of an update, under the provider's own field names. */
  requestBody(patch: WorkspacePatch): object;
  /** A success body as a Workspace, or null when the body is unusable. */
  toWorkspace(body: unknown, ref: WorkspaceRef): Workspace | null;
  /**
   * The revision of a usable success body: changes whenever the provider's representation of the
   * workspace does (shared/revision.ts hashes the part of the body that is the workspace).
   */
  revisionOf(body: unknown): string;
  /** An error answer as a failure, reading the provider's own envelope. */
  toFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure;
  /**
   * Headers this provider's API wants on every call (say `Content-Type: application/vnd.api+json`).
   * They replace the defaults, `Accept: application/json` and, on a call with a body,
   * `Content-Type: application/json`; never `Authorization`.
   */
  requestHeaders?: Readonly<Record<string, string>>;
}

const NETWORK_MESSAGES: Record<NoAnswer['reason'], string> = {
  timeout: 'did not answer in time',
  refused: 'refused the connection',
  reset: 'closed the connection before answering',
  unreachable: 'could not be reached',
  'too-large': 'answered with a body larger than this subgraph accepts',
};

/**
 * The shared half of every provider's REST data source: builds each call from the contract (path,
 * verb, headers, body), sends it through the provider's call pipeline (`settings.call`: the read
 * cache, spans, breaker and retries, metrics, the HTTP client; src/provider-calls/types.ts) and
 * maps the answer to an Outcome. A provider's folder holds the other half, its
 * ProviderRestContract: paths, verb, request body, payload schemas and error envelope.
 *
 * Created per provider per GraphQL request, with that request's credential for the provider;
 * the pipeline, and the HTTP client, breaker and read cache in it, are shared (ProviderSettings).
 */
export class ProviderDataSource implements WorkspaceGateway {
  readonly capabilities: ProviderCapabilities;
  private readonly baseUrl: string;
  private readonly call: ProviderCall;
  /** Authorization, Accept and the contract's headers. */
  private readonly ownHeaders: Readonly<Record<string, string>>;
  /** What a call without a body sends; `bodyHeaders` adds a Content-Type when the contract sets none. */
  private readonly headers: Readonly<Record<string, string>>;
  private bodyHeaders: Readonly<Record<string, string>> | undefined;
  /** This data source's credential, as each of its calls names it (the read cache keys by it). */
  private readonly callCredential: CallCredential;
  /** Cuts this credential out of a provider's free text (secret-scrub.ts); made on first use. */
  private scrub: ((text: string) => string) | undefined;

  /**
   * @param credential this request's token for this provider (service, tenant or caller), sent
   * as `Authorization: Bearer …` to this provider only; never logged, returned or cached in clear.
   * @param stop says when the GraphQL request stopped (client gone, deadline): no retry follows.
   * @param trace the request's trace when it is sampled, handed to every call (opaque here).
   */
  constructor(
    private readonly contract: ProviderRestContract,
    private readonly settings: ProviderSettings,
    private readonly credential: string,
    private readonly stop?: StopCheck,
    private readonly trace?: unknown,
  ) {
    this.capabilities = contract.capabilities;
    this.call = providerCallOf(settings);
    // A base URL without a trailing slash would lose its last segment (the version prefix)
    // when paths are resolved against it.
    this.baseUrl = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
    const own: Record<string, string> = { authorization: `Bearer ${credential}`, accept: 'application/json' };
    for (const [name, value] of Object.entries(contract.requestHeaders ?? {})) {
      if (name.toLowerCase() !== 'authorization') own[name.toLowerCase()] = value;
    }
    this.ownHeaders = own;
    this.headers = withWireHeaders(own, this.baseUrl);
    this.callCredential = { token: credential };
  }

  async getWorkspace(ref: WorkspaceRef): Promise<Outcome<Workspace | null>> {
    const read = await this.get(ref, false);
    return read.ok ? succeed(read.value && read.value.workspace) : read;
  }

  async readCurrent(ref: WorkspaceRef): Promise<Outcome<CurrentWorkspace | null>> {
    const read = await this.get(ref, true);
    if (!read.ok || read.value === null) return read.ok ? succeed(null) : read;
    return succeed({ workspace: read.value.workspace, revision: this.contract.revisionOf(read.value.body) });
  }

  /** A GET of the workspace (`fresh`: past the read cache): `ok` with null on a 404. */
  private async get(
    ref: WorkspaceRef,
    fresh: boolean,
  ): Promise<Outcome<{ workspace: Workspace; body: unknown } | null>> {
    const answer = await this.send('GET', ref, undefined, { fresh });
    if ('reason' in answer) return fail(this.callFailure(answer));
    if (answer.status === 404) return succeed(null);
    return this.readOf(answer, ref, { provider: ref.provider, id: globalIdOf(ref) });
  }

  /** The one place an update's request is built: what updateWorkspace sends and what a plan shows. */
  requestFor(ref: WorkspaceRef, patch: WorkspacePatch): ProviderRequest {
    return {
      method: this.contract.updateMethod,
      path: `/${this.contract.pathFor(ref)}`,
      body: this.contract.requestBody(patch),
    };
  }

  async updateWorkspace(ref: WorkspaceRef, patch: WorkspacePatch, id: string): Promise<Outcome<Workspace>> {
    // The body requestFor shows a plan; method and path come from the same contract (urlOf).
    const answer = await this.send(this.contract.updateMethod, ref, this.requestFor(ref, patch).body);
    if ('reason' in answer) {
      // A call that may have reached the provider (a timeout, a reset) may have changed the workspace.
      if (answer.reason !== 'circuit-open' && answer.reason !== 'refused') await this.forgetCachedReads([ref]);
      return fail(this.callFailure(answer));
    }
    const read = this.readOf(answer, ref, { provider: ref.provider, id, patch });
    const outcome: Outcome<Workspace> = read.ok ? succeed(read.value.workspace) : read;
    if (outcome.ok) await this.forgetCachedReads([ref, outcome.value.id]);
    // A 4xx refused the change; after a 5xx, whether it was made is unknown.
    else if (answer.status >= 500) await this.forgetCachedReads([ref]);
    return outcome;
  }

  /** One logical call, through the provider's pipeline (ProviderSettings.call); `fresh`: past the read cache. */
  private send(method: CallMethod, ref: WorkspaceRef, body?: unknown, { fresh = false } = {}): Promise<CallResult> {
    const withBody = method !== 'GET';
    return this.call({
      provider: ref.provider,
      method,
      url: this.urlOf(ref),
      urlTemplate: () => this.urlTemplateOf(ref),
      headers: withBody ? (this.bodyHeaders ??= this.withContentType()) : this.headers,
      body: withBody ? JSON.stringify(body ?? {}) : undefined,
      // GET and PUT replace state and may be repeated; Altostrat's PATCH is never retried.
      idempotent: method !== 'PATCH',
      stop: this.stop,
      credential: this.callCredential,
      ...(this.trace === undefined ? {} : { trace: this.trace }),
      ...(fresh ? { fresh } : {}),
    });
  }

  private withContentType(): Readonly<Record<string, string>> {
    if ('content-type' in this.ownHeaders) return this.headers;
    return withWireHeaders({ ...this.ownHeaders, 'content-type': 'application/json' }, this.baseUrl);
  }

  private urlOf(ref: WorkspaceRef): string {
    return new URL(this.contract.pathFor(ref), this.baseUrl).href;
  }

  /** The URL with `{id}` for each of the reference's segments (escaped: `%7Bid%7D`). */
  private urlTemplateOf(ref: WorkspaceRef): string {
    return this.urlOf({ ...ref, segments: ref.segments.map(() => '{id}') });
  }

  /**
   * After an update, every cached GET of the old and the new address is stale, whichever
   * credential read it: one new read version per address (read-cache.ts).
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
    await forgetReads(readCache, urls);
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

  /** An answer (any status but a read's 404) as an Outcome: its body is parsed here, once, and kept for the revision. */
  private readOf(
    answer: CallAnswer,
    ref: WorkspaceRef,
    context: FailureContext,
  ): Outcome<{ workspace: Workspace; body: unknown }> {
    const response: UpstreamResponse = {
      status: answer.status,
      header: answer.header,
      body: parseBodyText(answer.text),
    };
    if (response.status < 200 || response.status >= 300) return fail(this.errorFailure(response, context));
    const body = response.body.kind === 'json' ? response.body.value : undefined;
    const workspace = body === undefined ? null : this.contract.toWorkspace(body, ref);
    if (workspace) return succeed({ workspace, body });
    return fail(
      failures.provider(
        ref.provider,
        { status: response.status, code: null, retryable: false },
        `${PROVIDER_LABELS[ref.provider]} answered with a body that is not a usable workspace`,
      ),
    );
  }

  private callFailure(failure: NoAnswer | CircuitOpen): WorkspaceFailure {
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

/** What a provider's mapping reads instead of a body that is not JSON. */
const EMPTY_BODY: UpstreamResponse['body'] = { kind: 'text', text: '' };

/** Escapes each reference segment for a URL path (segments are validated beforehand too). */
export function pathOf(...segments: string[]): string {
  return segments.map(encodeURIComponent).join('/');
}
