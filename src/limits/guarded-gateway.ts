import { fail, failures, type Outcome, type WorkspaceFailure } from '../domain/failures';
import type { WorkspaceRef } from '../domain/global-id';
import type { WorkspacePatch } from '../domain/patch';
import type { CurrentWorkspace, ProviderRequest } from '../domain/plan';
import { PROVIDER_LABELS, type ProviderName } from '../domain/provider';
import type { Workspace } from '../domain/workspace';
import type { WorkspaceGateway } from '../domain/workspace-gateway';
import type { FairUseStore } from './fair-use-store';
import { limitOf, type RequestScope, type StopReason } from './request-scope';
import type { WriteLanes } from './write-lanes';

/** Codes of a WorkspaceProviderError for a call that was never sent (the audit line says `sent: false`). */
export const NOT_SENT_CODES = ['CANCELLED', 'DEADLINE_EXCEEDED', 'REQUEST_BUDGET_EXCEEDED'] as const;
export type NotSentCode = (typeof NOT_SENT_CODES)[number];

/** Why a call was answered without being sent (the metric's `reason` label). */
export type NotSentReason = 'cancelled' | 'deadline' | 'budget' | 'tenant_share' | 'provider_wait' | 'rate_limited';

/** The process-wide half of fair use: shared by every request. */
export interface FairUse {
  lanes: WriteLanes;
  store: FairUseStore;
  /** TENANT_WRITE_RATE: writes per minute per tenant (or caller) per provider; null: off. */
  tenantWriteRate: number | null;
  /** UPSTREAM_BUDGET_MS: a write that waited is sent only if a whole call fits before the deadline. */
  callBudgetMs: number;
  now?: () => number;
  onNotSent?: (provider: ProviderName, reason: NotSentReason) => void;
}

/** Who this request's calls to one provider are, as keys that name no credential. */
export interface GuardKeys {
  /** The provider and a keyed hash of the credential: its lanes and the provider's waits. */
  credential: string;
  /** The provider and the tenant (or caller, by `sub`) whose share a write counts against; read only with TENANT_WRITE_RATE. */
  share(): string;
}

const SHARE_WINDOW_MS = 60_000;

/**
 * A provider's gateway with the request's and the process's limits in front of it
 * (README, "Limits and fair use"). Before a write is sent: the request still runs, its
 * budget has a write left, the provider asked no wait of this credential, the tenant is within
 * its share, and a lane of this credential is free. A 429 that asks a wait holds every write of
 * this credential, process-wide (and across replicas with Redis), until the wait is over.
 */
export class GuardedGateway implements WorkspaceGateway {
  readonly capabilities: WorkspaceGateway['capabilities'];
  private readonly provider: ProviderName;
  private readonly now: () => number;

  constructor(
    private readonly inner: WorkspaceGateway,
    private readonly scope: RequestScope,
    private readonly fairUse: FairUse,
    private readonly keys: GuardKeys,
  ) {
    this.capabilities = inner.capabilities;
    this.provider = inner.capabilities.provider;
    this.now = fairUse.now ?? Date.now;
  }

  getWorkspace(ref: WorkspaceRef): Promise<Outcome<Workspace | null>> {
    return this.read(() => this.inner.getWorkspace(ref));
  }

  /** A plan's read, or an update's revision check: a read of the request's budget like any other. */
  readCurrent(ref: WorkspaceRef): Promise<Outcome<CurrentWorkspace | null>> {
    return this.read(() => this.inner.readCurrent(ref));
  }

  requestFor(ref: WorkspaceRef, patch: WorkspacePatch): ProviderRequest {
    return this.inner.requestFor(ref, patch);
  }

  private async read<T>(call: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
    const refused = this.refusedByRequest('reads');
    if (refused) return fail(refused);
    const outcome = await call();
    if (!outcome.ok) await this.learnFrom(outcome.failure);
    return outcome;
  }

  async updateWorkspace(ref: WorkspaceRef, patch: WorkspacePatch, id: string): Promise<Outcome<Workspace>> {
    const refused =
      this.refusedByRequest('writes') ??
      (await this.providerWait()) ??
      (this.fairUse.tenantWriteRate === null ? null : await this.overShare());
    if (refused) return fail(refused);
    const slot =
      this.fairUse.lanes.tryAcquire(this.keys.credential) ??
      (await this.fairUse.lanes.acquire(this.keys.credential, this.scope));
    if (!slot.granted) {
      if ('stop' in slot) return fail(this.notSent(slot.stop));
      this.fairUse.onNotSent?.(this.provider, 'rate_limited');
      return fail(slot.failure);
    }
    try {
      if (slot.waited) {
        const late = this.scope.stopped ?? (this.now() > this.latestStart() ? 'DEADLINE_EXCEEDED' : null);
        if (late) return fail(this.notSent(late));
        const wait = await this.providerWait();
        if (wait) return fail(wait);
      }
      const outcome = await this.inner.updateWorkspace(ref, patch, id);
      if (!outcome.ok) await this.learnFrom(outcome.failure);
      return outcome;
    } finally {
      slot.release();
    }
  }

  /** The request's own limits: it still runs, and its budget has a call of this kind left. */
  private refusedByRequest(kind: 'reads' | 'writes'): WorkspaceFailure | null {
    const stopped = this.scope.stopped;
    if (stopped) return this.notSent(stopped);
    if (this.scope.spend(kind)) return null;
    this.fairUse.onNotSent?.(this.provider, 'budget');
    const { max, variable } = limitOf(this.scope.limits, kind);
    return failures.provider(
      this.provider,
      { status: null, code: 'REQUEST_BUDGET_EXCEEDED', retryable: false },
      `Not sent to ${this.label}: this request has already made the ${max} upstream ${kind} it may make (${variable}).`,
    );
  }

  /** The provider asked this credential to wait (a 429 with Retry-After), here or on another replica. */
  private async providerWait(): Promise<WorkspaceFailure | null> {
    const now = this.now();
    const until = await this.fairUse.store.waitUntil(this.keys.credential, now);
    if (until === null) return null;
    this.fairUse.onNotSent?.(this.provider, 'provider_wait');
    return failures.rateLimited(
      this.provider,
      secondsUntil(until, now),
      `${this.label} is limiting the rate of requests and asked to wait: not sent.`,
    );
  }

  /** TENANT_WRITE_RATE: this tenant's (or caller's) writes to this provider in the current minute. */
  private async overShare(): Promise<WorkspaceFailure | null> {
    const rate = this.fairUse.tenantWriteRate;
    if (rate === null) return null;
    const now = this.now();
    const { count, resetAt } = await this.fairUse.store.countWrite(this.keys.share(), SHARE_WINDOW_MS, now);
    if (count <= rate) return null;
    this.fairUse.onNotSent?.(this.provider, 'tenant_share');
    return failures.rateLimited(
      this.provider,
      secondsUntil(resetAt, now),
      `Your share of writes to ${this.label} is used up (${rate} per minute): not sent.`,
    );
  }

  /** A 429: its wait holds this credential everywhere; the writes waiting for a lane are answered at once. */
  private async learnFrom(failure: WorkspaceFailure): Promise<void> {
    if (failure.kind !== 'rate-limited') return;
    if (failure.retryAfterSeconds !== null && failure.retryAfterSeconds > 0) {
      const now = this.now();
      await this.fairUse.store.setWait(this.keys.credential, now + failure.retryAfterSeconds * 1000, now);
    }
    this.fairUse.lanes.refuseWaiting(
      this.keys.credential,
      failures.rateLimited(
        this.provider,
        failure.retryAfterSeconds,
        `${this.label} is limiting the rate of requests (it answered 429 to an earlier update): not sent.`,
      ),
    );
  }

  /** The last moment a write that had to wait may still be sent: its whole call budget fits before the deadline. */
  private latestStart(): number {
    return this.scope.deadlineAt - this.fairUse.callBudgetMs;
  }

  private notSent(reason: StopReason): WorkspaceFailure {
    this.fairUse.onNotSent?.(this.provider, reason === 'CANCELLED' ? 'cancelled' : 'deadline');
    const why =
      reason === 'CANCELLED'
        ? 'the client closed the request before it was sent'
        : "it could not have finished within this request's time limit";
    return failures.provider(
      this.provider,
      { status: null, code: reason, retryable: true },
      `Not sent to ${this.label}: ${why}. Send it again.`,
    );
  }

  private get label(): string {
    return PROVIDER_LABELS[this.provider];
  }
}

function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}

/** The code of a failure of a call never sent (CANCELLED, DEADLINE_EXCEEDED, REQUEST_BUDGET_EXCEEDED); null otherwise. */
export function notSentCode(failure: WorkspaceFailure): NotSentCode | null {
  if (failure.kind !== 'provider') return null;
  return NOT_SENT_CODES.find((code) => code === failure.code) ?? null;
}
