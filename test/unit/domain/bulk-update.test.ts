// WorkspaceService.updateMany (updateWorkspaces) with fake gateways behind the real limits
// (src/limits: write lanes, the request's deadline): input order, paths rooted at the item,
// duplicates, the per-provider cap, the short-circuit after a 429, the deadline, the scope, the
// audit and the DataLoader.
import { describe, expect, it } from 'vitest';
import { atPath, MAX_BULK_UPDATES } from '../../../src/domain/bulk-update';
import {
  DEFAULT_REQUEST_LIMITS,
  GuardedGateway,
  MemoryFairUseStore,
  RequestScope,
  WriteLanes,
} from '../../../src/limits';
import { SCOPES, UNVERIFIED_CALLER, type Caller } from '../../../src/domain/caller';
import type { ProviderCapabilities } from '../../../src/domain/capabilities';
import { fail, failures, succeed, type Outcome, type WorkspaceFailure } from '../../../src/domain/failures';
import { encodeGlobalId, type WorkspaceRef } from '../../../src/domain/global-id';
import type { WorkspacePatch } from '../../../src/domain/patch';
import { PROVIDER_NAMES, type ProviderName } from '../../../src/domain/provider';
import type { Workspace } from '../../../src/domain/workspace';
import type { WorkspaceGateway } from '../../../src/domain/workspace-gateway';
import { workspaceAt } from '../helpers';
import { WorkspaceService, type UpdateAttempt, type UpdateRequest } from '../../../src/domain/workspace-service';
import { PROVIDERS as PROVIDER_MODULES } from '../../../src/providers';

const CAPABILITIES = Object.fromEntries(PROVIDER_NAMES.map((p) => [p, PROVIDER_MODULES[p].capabilities])) as Record<
  ProviderName,
  ProviderCapabilities
>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Records its updates and how many run at once; each answers after `delayMs` with `answer`. */
class FakeGateway implements WorkspaceGateway {
  readonly updates: string[] = [];
  readonly gets: string[] = [];
  running = 0;
  maxRunning = 0;
  answer: (ref: WorkspaceRef, patch: WorkspacePatch, call: number) => Outcome<Workspace> = (ref, patch) =>
    succeed(workspaceAt(ref, patch.name ?? 'unchanged'));

  constructor(
    readonly capabilities: ProviderCapabilities,
    private readonly delayMs: number,
    private readonly all: { running: number; max: number },
  ) {}

  async getWorkspace(ref: WorkspaceRef): Promise<Outcome<Workspace | null>> {
    this.gets.push(encodeGlobalId(ref.provider, ref.segments));
    return succeed(workspaceAt(ref, 'read'));
  }

  async updateWorkspace(ref: WorkspaceRef, patch: WorkspacePatch): Promise<Outcome<Workspace>> {
    const call = this.updates.push(encodeGlobalId(ref.provider, ref.segments));
    this.running++;
    this.all.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.all.max = Math.max(this.all.max, this.all.running);
    await sleep(this.delayMs);
    this.running--;
    this.all.running--;
    return this.answer(ref, patch, call);
  }
}

/** WRITE_CONCURRENCY, the request's deadline and the call budget the guards apply. */
interface BulkUpdateSettings {
  writeConcurrency: number;
  deadlineMs: number;
  callBudgetMs: number;
}

interface SetupOptions {
  delayMs?: number;
  bulk?: BulkUpdateSettings;
  caller?: Caller;
}

function setup(options: SetupOptions = {}) {
  const all = { running: 0, max: 0 };
  const gateways = Object.fromEntries(
    PROVIDER_NAMES.map((p) => [p, new FakeGateway(CAPABILITIES[p], options.delayMs ?? 0, all)]),
  ) as Record<ProviderName, FakeGateway>;
  const audit: UpdateAttempt[] = [];
  const bulk = options.bulk ?? SETTINGS;
  const scope = new RequestScope({ ...DEFAULT_REQUEST_LIMITS, deadlineMs: bulk.deadlineMs });
  const fairUse = {
    lanes: new WriteLanes(bulk.writeConcurrency),
    store: new MemoryFairUseStore(),
    tenantWriteRate: null,
    callBudgetMs: bulk.callBudgetMs,
  };
  const guarded = Object.fromEntries(
    PROVIDER_NAMES.map((p) => [p, new GuardedGateway(gateways[p], scope, fairUse, { credential: p, share: () => p })]),
  ) as Record<ProviderName, GuardedGateway>;
  const service = new WorkspaceService({
    capabilities: CAPABILITIES,
    readConcurrency: 4,
    caller: options.caller ?? UNVERIFIED_CALLER,
    gateway: (provider) => guarded[provider],
    onUpdate: (attempt) => audit.push(attempt),
  });
  const sent = () => PROVIDER_NAMES.reduce((n, p) => n + gateways[p].updates.length, 0);
  return { service, gateways, audit, all, sent };
}

/** `count` distinct Vertra ids (vertra:ws0, vertra:ws1, …) with a valid patch each. */
const vertraBatch = (count: number, from = 0): UpdateRequest[] =>
  Array.from({ length: count }, (_, i) => ({ id: `vertra:ws${from + i}`, patch: { name: `n${from + i}` } }));

const failureOf = (outcome: Outcome<unknown> | undefined): WorkspaceFailure => {
  if (!outcome || outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.failure;
};

const typesOf = (outcomes: Outcome<Workspace>[]) => outcomes.map((o) => (o.ok ? 'ok' : o.failure.kind));

const SETTINGS: BulkUpdateSettings = { writeConcurrency: 4, deadlineMs: 25_000, callBudgetMs: 15_000 };

describe('WorkspaceService.updateMany', () => {
  it('answers every item in input order, whatever finishes first', async () => {
    const { service, gateways } = setup();
    gateways.vertra.answer = (ref, patch) => succeed(workspaceAt(ref, patch.name ?? ''));
    // Blaxel answers slower than the others.
    const slow = gateways.blaxel;
    const original = slow.updateWorkspace.bind(slow);
    slow.updateWorkspace = async (ref, patch) => {
      await sleep(30);
      return original(ref, patch);
    };
    const outcomes = await service.updateMany([
      { id: 'blaxel:a', patch: { displayName: 'A' } },
      { id: 'vertra:b', patch: { name: 'B' } },
      { id: 'flashback:c', patch: { name: 'C' } },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.id : null))).toEqual(['blaxel:a', 'vertra:b', 'flashback:c']);
  });

  it('validates each item as updateWorkspace does, with paths from the argument, and sends only the valid ones', async () => {
    const { service, gateways, sent } = setup();
    const outcomes = await service.updateMany([
      { id: 'vertra:ok0', patch: { name: 'fine' } },
      { id: 'not-an-id', patch: { name: 'x' } },
      { id: 'flashback:f', patch: { tags: ['a'] } },
      { id: 'vertra:ok3', patch: { tags: ['short', 'x'.repeat(21)] } },
      { id: 'vertra:ok4', patch: {} },
    ]);
    expect(typesOf(outcomes)).toEqual(['ok', 'validation', 'validation', 'validation', 'validation']);
    const paths = outcomes.map((o) => (o.ok ? [] : failureOf(o).kind === 'validation' ? fieldPaths(o) : []));
    expect(paths).toEqual([
      [],
      [['inputs', '1', 'id']],
      [['inputs', '2', 'tags']],
      [['inputs', '3', 'tags', '1']],
      [['inputs', '4']],
    ]);
    expect(gateways.vertra.updates).toEqual(['vertra:ok0']);
    expect(sent()).toBe(1);
  });

  it("roots a provider's own validation answer at the item too", async () => {
    const { service, gateways } = setup();
    const answered = failures.validation([{ path: ['input', 'isActive'], code: 'INVALID', message: 'not a boolean' }]);
    gateways.dreadnode.answer = () => fail(answered);
    const [, outcome] = await service.updateMany([
      { id: 'vertra:a', patch: { name: 'a' } },
      { id: 'dreadnode:acme/research', patch: { isActive: true } },
    ]);
    expect(failureOf(outcome)).toEqual({
      kind: 'validation',
      message: answered.message,
      fieldErrors: [{ path: ['inputs', '1', 'isActive'], code: 'INVALID', message: 'not a boolean' }],
    });
  });

  it('refuses the later items of a workspace that appears twice, on ["inputs","<i>","id"], unsent', async () => {
    const { service, gateways } = setup();
    const outcomes = await service.updateMany([
      { id: 'vertra:same', patch: { name: 'first' } },
      { id: 'blaxel:other', patch: { displayName: 'x' } },
      { id: 'vertra:same', patch: { name: 'second' } },
      { id: 'vertra:same', patch: { tags: ['third'] } },
    ]);
    expect(typesOf(outcomes)).toEqual(['ok', 'ok', 'validation', 'validation']);
    for (const index of [2, 3]) {
      expect(failureOf(outcomes[index])).toEqual({
        kind: 'validation',
        message: expect.stringContaining('inputs[0]'),
        fieldErrors: [{ path: ['inputs', String(index), 'id'], code: 'INVALID', message: expect.any(String) }],
      });
    }
    expect(gateways.vertra.updates).toEqual(['vertra:same']);
  });

  it('runs at most writeConcurrency updates per provider at once, the providers side by side', async () => {
    const { service, gateways, all } = setup({ delayMs: 20, bulk: { ...SETTINGS, writeConcurrency: 3 } });
    const requests = PROVIDER_NAMES.flatMap((p) =>
      Array.from({ length: 7 }, (_, i) => ({
        id: p === 'dreadnode' ? `dreadnode:acme/w${i}` : `${p}:w${i}`,
        patch: p === 'blaxel' ? { displayName: `w${i}` } : { name: `w${i}` },
      })),
    );
    const started = performance.now();
    const outcomes = await service.updateMany(requests);
    const elapsed = performance.now() - started;
    expect(typesOf(outcomes).every((t) => t === 'ok')).toBe(true);
    for (const p of PROVIDER_NAMES) {
      expect(gateways[p].maxRunning, p).toBe(3);
      expect(gateways[p].updates).toHaveLength(7);
    }
    expect(all.max).toBe(3 * PROVIDER_NAMES.length);
    // 7 per provider, 3 at a time: 3 rounds of 20 ms, not 7 (serial) nor 42 (all serial).
    expect(elapsed).toBeLessThan(7 * 20);
  });

  it('sends a provider nothing more once it answers 429: its waiting items get the same retryAfterSeconds at once', async () => {
    const { service, gateways } = setup({ delayMs: 10, bulk: { ...SETTINGS, writeConcurrency: 2 } });
    gateways.vertra.answer = (ref, patch, call) =>
      call === 1 ? fail(failures.rateLimited('vertra', 42, 'slow down')) : succeed(workspaceAt(ref, patch.name ?? ''));
    const outcomes = await service.updateMany([...vertraBatch(8), { id: 'blaxel:b', patch: { displayName: 'B' } }]);
    // The first two were in flight together; the 429 stops the six still waiting.
    expect(gateways.vertra.updates).toEqual(['vertra:ws0', 'vertra:ws1']);
    expect(typesOf(outcomes)).toEqual(['rate-limited', 'ok', ...Array(6).fill('rate-limited'), 'ok']);
    for (const outcome of outcomes.slice(2, 8)) {
      expect(failureOf(outcome)).toMatchObject({ kind: 'rate-limited', provider: 'vertra', retryAfterSeconds: 42 });
      expect(failureOf(outcome).message).toMatch(/not sent/);
    }
    expect(gateways.blaxel.updates).toEqual(['blaxel:b']);
  });

  it('keeps sending after other failures (a 500, a 404): they say nothing about the provider as a whole', async () => {
    const { service, gateways } = setup({ bulk: { ...SETTINGS, writeConcurrency: 1 } });
    gateways.vertra.answer = (ref, _patch, call) =>
      call === 1
        ? fail(failures.provider('vertra', { status: 500, code: 'INTERNAL', retryable: false }, 'boom'))
        : fail(failures.notFound(encodeGlobalId(ref.provider, ref.segments), 'gone'));
    const outcomes = await service.updateMany(vertraBatch(3));
    expect(gateways.vertra.updates).toHaveLength(3);
    expect(typesOf(outcomes)).toEqual(['provider', 'not-found', 'not-found']);
  });

  it('does not send an item that waited past the point where its budget would end after the deadline', async () => {
    // deadline 200 ms, call budget 110 ms: waiting items may start during the first 90 ms only.
    const { service, gateways } = setup({
      delayMs: 60,
      bulk: { writeConcurrency: 2, deadlineMs: 200, callBudgetMs: 110 },
    });
    const outcomes = await service.updateMany(vertraBatch(7));
    // Rounds start at ~0 ms (2 items, at once), ~60 ms (2 items, waited, in time), ~120 ms (too late).
    expect(gateways.vertra.updates).toEqual(['vertra:ws0', 'vertra:ws1', 'vertra:ws2', 'vertra:ws3']);
    expect(typesOf(outcomes)).toEqual(['ok', 'ok', 'ok', 'ok', 'provider', 'provider', 'provider']);
    for (const outcome of outcomes.slice(4)) {
      expect(failureOf(outcome)).toMatchObject({
        kind: 'provider',
        provider: 'vertra',
        code: 'DEADLINE_EXCEEDED',
        status: null,
        retryable: true,
      });
    }
  });

  it('without the write scope: every item WorkspacePermissionDeniedError naming it, nothing sent, one audit entry each', async () => {
    const { service, audit, sent } = setup({
      caller: { subject: 'reader', tenant: 'acme', scopes: new Set([SCOPES.read]) },
    });
    const outcomes = await service.updateMany([
      { id: 'vertra:a', patch: { name: 'a' } },
      { id: 'blaxel:b', patch: { displayName: 'b' } },
      { id: 'vertra:a', patch: { name: 'again' } },
    ]);
    for (const outcome of outcomes) {
      expect(failureOf(outcome)).toMatchObject({
        kind: 'permission-denied',
        message: expect.stringContaining(SCOPES.write),
      });
    }
    expect(sent()).toBe(0);
    expect(audit.map((a) => [a.index, a.id, a.outcome.ok])).toEqual([
      [0, 'vertra:a', false],
      [1, 'blaxel:b', false],
      [2, 'vertra:a', false],
    ]);
  });

  it('tells the audit of every item, with its index, fields and outcome (refused ones included)', async () => {
    const { service, audit } = setup();
    await service.updateMany([
      { id: 'vertra:a', patch: { name: 'a', tags: ['t'] } },
      { id: 'bad', patch: { name: 'b' } },
    ]);
    expect([...audit].sort((x, y) => (x.index ?? 0) - (y.index ?? 0))).toEqual([
      {
        id: 'vertra:a',
        provider: 'vertra',
        fields: ['name', 'tags'],
        outcome: expect.objectContaining({ ok: true }),
        index: 0,
      },
      { id: 'bad', provider: null, fields: ['name'], outcome: expect.objectContaining({ ok: false }), index: 1 },
    ]);
  });

  it("primes the request's DataLoader with every updated workspace", async () => {
    const { service, gateways } = setup();
    await service.updateMany([
      { id: 'vertra:a', patch: { name: 'new a' } },
      { id: 'blaxel:b', patch: { displayName: 'B' } },
    ]);
    const read = await service.read('vertra:a');
    expect(read).toEqual({ ok: true, value: expect.objectContaining({ id: 'vertra:a', name: 'new a' }) });
    await service.read('blaxel:b');
    expect(gateways.vertra.gets).toEqual([]);
    expect(gateways.blaxel.gets).toEqual([]);
  });

  it('answers an empty list with an empty list', async () => {
    const { service, sent } = setup();
    expect(await service.updateMany([])).toEqual([]);
    expect(sent()).toBe(0);
  });

  it(`refuses more than ${MAX_BULK_UPDATES} items as a bug (the resolver refuses them first)`, () => {
    const { service } = setup();
    expect(() => service.updateMany(vertraBatch(MAX_BULK_UPDATES + 1))).toThrow(RangeError);
  });

  it('leaves updateWorkspace as it was: paths from ["input"], no index in the audit', async () => {
    const { service, audit } = setup();
    const outcome = await service.update('vertra:a', { tags: ['x'.repeat(21)] });
    expect(fieldPaths(outcome)).toEqual([['input', 'tags', '0']]);
    expect(audit[0]).not.toHaveProperty('index');
  });
});

describe('atPath', () => {
  it('re-roots ["input", …] paths and leaves everything else alone', () => {
    const validation = fail(
      failures.validation([
        { path: ['input', 'tags', '0'], code: 'TOO_LONG', message: 'm' },
        { path: ['input'], code: 'REQUIRED', message: 'n' },
      ]),
    );
    expect(fieldPaths(atPath(validation, ['inputs', '7']))).toEqual([
      ['inputs', '7', 'tags', '0'],
      ['inputs', '7'],
    ]);
    expect(atPath(validation, ['input'])).toBe(validation);
    const notFound = fail(failures.notFound('vertra:x', 'gone'));
    expect(atPath(notFound, ['inputs', '1'])).toBe(notFound);
  });
});

function fieldPaths(outcome: Outcome<unknown> | undefined): string[][] {
  const failure = failureOf(outcome);
  if (failure.kind !== 'validation') throw new Error(`expected a validation failure, got ${failure.kind}`);
  return failure.fieldErrors.map((e) => e.path);
}
