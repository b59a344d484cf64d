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
import type { CurrentWorkspace, ProviderRequest } from '../../../src/domain/plan';
import { PROVIDER_NAMES, type ProviderName } from '../../../src/domain/provider';
import type { Workspace } from '../../../src/domain/workspace';
import type { WorkspaceGateway } from '../../../src/domain/workspace-gateway';
import { workspaceAt } from '../helpers';
import { WorkspaceService, type UpdateAttempt, type UpdateRequest } from '../../../src/domain/workspace-service';
import { PROVIDERS as PROVIDER_MODULES } from '../../../src/providers';
import { ALL_FIXTURES, idLike, providerAt, providerWith, type ProviderFixture } from '../../providers';

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

  /** Each workspace's revision, by global id: `r1` unless a test changes it. */
  readonly revisions = new Map<string, string>();

  async readCurrent(ref: WorkspaceRef): Promise<Outcome<CurrentWorkspace | null>> {
    const read = await this.getWorkspace(ref);
    if (!read.ok || read.value === null) return read.ok ? succeed(null) : read;
    return succeed({ workspace: read.value, revision: this.revisions.get(read.value.id) ?? 'r1' });
  }

  requestFor(ref: WorkspaceRef, patch: WorkspacePatch): ProviderRequest {
    return { method: 'PUT', path: `/${ref.segments.join('/')}`, body: patch };
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

/** Three providers (any); the ids are made up, shaped as each provider's references are. */
const [A, B, C] = [providerAt(0), providerAt(1), providerAt(2)];
const idOf = (f: ProviderFixture, name: string) => idLike(f, name);

/** `count` distinct ids of A (ws0, ws1, …) with a valid patch each. */
const batchOf = (count: number, from = 0): UpdateRequest[] =>
  Array.from({ length: count }, (_, i) => ({ id: idOf(A, `ws${from + i}`), patch: A.change(from + i) }));

/** A list field with a limit on each item (a provider's), and a provider without it. */
const LISTED = providerWith('with a limit on each item of a list', (f) => f.limits.some((l) => l.item));
const ITEM = LISTED.limits.find((l) => l.item) as { field: string; max: number };
const UNLISTED = providerWith('without that field', (f) => !f.fields.includes(ITEM.field as never));

const failureOf = (outcome: Outcome<unknown> | undefined): WorkspaceFailure => {
  if (!outcome || outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.failure;
};

const typesOf = (outcomes: Outcome<Workspace>[]) => outcomes.map((o) => (o.ok ? 'ok' : o.failure.kind));

const SETTINGS: BulkUpdateSettings = { writeConcurrency: 4, deadlineMs: 25_000, callBudgetMs: 15_000 };

describe('WorkspaceService.updateMany', () => {
  it('answers every item in input order, whatever finishes first', async () => {
    const { service, gateways } = setup();
    gateways[B.provider].answer = (ref, patch) => succeed(workspaceAt(ref, patch.name ?? ''));
    // The first provider answers slower than the others.
    const slow = gateways[A.provider];
    const original = slow.updateWorkspace.bind(slow);
    slow.updateWorkspace = async (ref, patch) => {
      await sleep(30);
      return original(ref, patch);
    };
    const ids = [idOf(A, 'a'), idOf(B, 'b'), idOf(C, 'c')];
    const outcomes = await service.updateMany([
      { id: ids[0] as string, patch: A.change(1) },
      { id: ids[1] as string, patch: B.change(2) },
      { id: ids[2] as string, patch: C.change(3) },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.id : null))).toEqual(ids);
  });

  it('validates each item as updateWorkspace does, with paths from the argument, and sends only the valid ones', async () => {
    const { service, gateways, sent } = setup();
    const outcomes = await service.updateMany([
      { id: idOf(LISTED, 'ok0'), patch: LISTED.change(0) },
      { id: 'not-an-id', patch: { name: 'x' } },
      { id: idOf(UNLISTED, 'f'), patch: { [ITEM.field]: ['a'] } as WorkspacePatch },
      { id: idOf(LISTED, 'ok3'), patch: { [ITEM.field]: ['short', 'x'.repeat(ITEM.max + 1)] } as WorkspacePatch },
      { id: idOf(LISTED, 'ok4'), patch: {} },
    ]);
    expect(typesOf(outcomes)).toEqual(['ok', 'validation', 'validation', 'validation', 'validation']);
    const paths = outcomes.map((o) => (o.ok ? [] : failureOf(o).kind === 'validation' ? fieldPaths(o) : []));
    expect(paths).toEqual([
      [],
      [['inputs', '1', 'id']],
      [['inputs', '2', ITEM.field]],
      [['inputs', '3', ITEM.field, '1']],
      [['inputs', '4']],
    ]);
    expect(gateways[LISTED.provider].updates).toEqual([idOf(LISTED, 'ok0')]);
    expect(sent()).toBe(1);
  });

  it("roots a provider's own validation answer at the item too", async () => {
    const { service, gateways } = setup();
    const [field, value] = Object.entries(B.change(1))[0] as [string, string];
    const answered = failures.validation([{ path: ['input', field], code: 'INVALID', message: 'not acceptable' }]);
    gateways[B.provider].answer = () => fail(answered);
    const [, outcome] = await service.updateMany([
      { id: idOf(A, 'a'), patch: A.change(1) },
      { id: idOf(B, 'b'), patch: { [field]: value } },
    ]);
    expect(failureOf(outcome)).toEqual({
      kind: 'validation',
      message: answered.message,
      fieldErrors: [{ path: ['inputs', '1', field], code: 'INVALID', message: 'not acceptable' }],
    });
  });

  it('refuses the later items of a workspace that appears twice, on ["inputs","<i>","id"], unsent', async () => {
    const { service, gateways } = setup();
    const same = idOf(A, 'same');
    const outcomes = await service.updateMany([
      { id: same, patch: A.change(1) },
      { id: idOf(B, 'other'), patch: B.change(1) },
      { id: same, patch: A.change(2) },
      { id: same, patch: A.change(3) },
    ]);
    expect(typesOf(outcomes)).toEqual(['ok', 'ok', 'validation', 'validation']);
    for (const index of [2, 3]) {
      expect(failureOf(outcomes[index])).toEqual({
        kind: 'validation',
        message: expect.stringContaining('inputs[0]'),
        fieldErrors: [{ path: ['inputs', String(index), 'id'], code: 'INVALID', message: expect.any(String) }],
      });
    }
    expect(gateways[A.provider].updates).toEqual([same]);
  });

  it('runs at most writeConcurrency updates per provider at once, the providers side by side', async () => {
    const { service, gateways, all } = setup({ delayMs: 20, bulk: { ...SETTINGS, writeConcurrency: 3 } });
    const requests = ALL_FIXTURES.flatMap((f) =>
      Array.from({ length: 7 }, (_, i) => ({ id: idOf(f, `w${i}`), patch: f.change(i) })),
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
    gateways[A.provider].answer = (ref, patch, call) =>
      call === 1
        ? fail(failures.rateLimited(A.provider, 42, 'slow down'))
        : succeed(workspaceAt(ref, patch.name ?? ''));
    const outcomes = await service.updateMany([...batchOf(8), { id: idOf(B, 'b'), patch: B.change(1) }]);
    // The first two were in flight together; the 429 stops the six still waiting.
    expect(gateways[A.provider].updates).toEqual([idOf(A, 'ws0'), idOf(A, 'ws1')]);
    expect(typesOf(outcomes)).toEqual(['rate-limited', 'ok', ...Array(6).fill('rate-limited'), 'ok']);
    for (const outcome of outcomes.slice(2, 8)) {
      expect(failureOf(outcome)).toMatchObject({ kind: 'rate-limited', provider: A.provider, retryAfterSeconds: 42 });
      expect(failureOf(outcome).message).toMatch(/not sent/);
    }
    expect(gateways[B.provider].updates).toEqual([idOf(B, 'b')]);
  });

  it('keeps sending after other failures (a 500, a 404): they say nothing about the provider as a whole', async () => {
    const { service, gateways } = setup({ bulk: { ...SETTINGS, writeConcurrency: 1 } });
    gateways[A.provider].answer = (ref, _patch, call) =>
      call === 1
        ? fail(failures.provider(A.provider, { status: 500, code: 'INTERNAL', retryable: false }, 'boom'))
        : fail(failures.notFound(encodeGlobalId(ref.provider, ref.segments), 'gone'));
    const outcomes = await service.updateMany(batchOf(3));
    expect(gateways[A.provider].updates).toHaveLength(3);
    expect(typesOf(outcomes)).toEqual(['provider', 'not-found', 'not-found']);
  });

  it('does not send an item that waited past the point where its budget would end after the deadline', async () => {
    // deadline 200 ms, call budget 110 ms: waiting items may start during the first 90 ms only.
    const { service, gateways } = setup({
      delayMs: 60,
      bulk: { writeConcurrency: 2, deadlineMs: 200, callBudgetMs: 110 },
    });
    const outcomes = await service.updateMany(batchOf(7));
    // Rounds start at ~0 ms (2 items, at once), ~60 ms (2 items, waited, in time), ~120 ms (too late).
    expect(gateways[A.provider].updates).toEqual([0, 1, 2, 3].map((i) => idOf(A, `ws${i}`)));
    expect(typesOf(outcomes)).toEqual(['ok', 'ok', 'ok', 'ok', 'provider', 'provider', 'provider']);
    for (const outcome of outcomes.slice(4)) {
      expect(failureOf(outcome)).toMatchObject({
        kind: 'provider',
        provider: A.provider,
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
      { id: idOf(A, 'a'), patch: A.change(1) },
      { id: idOf(B, 'b'), patch: B.change(1) },
      { id: idOf(A, 'a'), patch: A.change(2) },
    ]);
    for (const outcome of outcomes) {
      expect(failureOf(outcome)).toMatchObject({
        kind: 'permission-denied',
        message: expect.stringContaining(SCOPES.write),
      });
    }
    expect(sent()).toBe(0);
    expect(audit.map((a) => [a.index, a.id, a.outcome.ok])).toEqual([
      [0, idOf(A, 'a'), false],
      [1, idOf(B, 'b'), false],
      [2, idOf(A, 'a'), false],
    ]);
  });

  it('tells the audit of every item, with its index, fields and outcome (refused ones included)', async () => {
    const { service, audit } = setup();
    const patch = { name: 'a', [ITEM.field]: ['t'] } as WorkspacePatch;
    await service.updateMany([
      { id: idOf(LISTED, 'a'), patch },
      { id: 'bad', patch: { name: 'b' } },
    ]);
    expect([...audit].sort((x, y) => (x.index ?? 0) - (y.index ?? 0))).toEqual([
      {
        id: idOf(LISTED, 'a'),
        provider: LISTED.provider,
        fields: ['name', ITEM.field],
        outcome: expect.objectContaining({ ok: true }),
        index: 0,
      },
      { id: 'bad', provider: null, fields: ['name'], outcome: expect.objectContaining({ ok: false }), index: 1 },
    ]);
  });

  it("primes the request's DataLoader with every updated workspace", async () => {
    const { service, gateways } = setup();
    const named = providerWith('whose changes set the name', (f) => 'name' in f.change(1));
    const other = providerWith('another', (f) => f !== named);
    await service.updateMany([
      { id: idOf(named, 'a'), patch: named.change(1) },
      { id: idOf(other, 'b'), patch: other.change(1) },
    ]);
    const read = await service.read(idOf(named, 'a'));
    expect(read).toEqual({
      ok: true,
      value: expect.objectContaining({ id: idOf(named, 'a'), name: named.change(1).name }),
    });
    await service.read(idOf(other, 'b'));
    expect(gateways[named.provider].gets).toEqual([]);
    expect(gateways[other.provider].gets).toEqual([]);
  });

  it('answers an empty list with an empty list', async () => {
    const { service, sent } = setup();
    expect(await service.updateMany([])).toEqual([]);
    expect(sent()).toBe(0);
  });

  it(`refuses more than ${MAX_BULK_UPDATES} items as a bug (the resolver refuses them first)`, () => {
    const { service } = setup();
    expect(() => service.updateMany(batchOf(MAX_BULK_UPDATES + 1))).toThrow(RangeError);
  });

  it('leaves updateWorkspace as it was: paths from ["input"], no index in the audit', async () => {
    const { service, audit } = setup();
    const outcome = await service.update(idOf(LISTED, 'a'), { [ITEM.field]: ['x'.repeat(ITEM.max + 1)] });
    expect(fieldPaths(outcome)).toEqual([['input', ITEM.field, '0']]);
    expect(audit[0]).not.toHaveProperty('index');
  });
});

describe('atPath', () => {
  it('re-roots ["input", …] paths and leaves everything else alone', () => {
    const validation = fail(
      failures.validation([
        { path: ['input', 'list', '0'], code: 'TOO_LONG', message: 'm' },
        { path: ['input'], code: 'REQUIRED', message: 'n' },
      ]),
    );
    expect(fieldPaths(atPath(validation, ['inputs', '7']))).toEqual([
      ['inputs', '7', 'list', '0'],
      ['inputs', '7'],
    ]);
    expect(atPath(validation, ['input'])).toBe(validation);
    const notFound = fail(failures.notFound(idOf(A, 'x'), 'gone'));
    expect(atPath(notFound, ['inputs', '1'])).toBe(notFound);
  });
});

function fieldPaths(outcome: Outcome<unknown> | undefined): string[][] {
  const failure = failureOf(outcome);
  if (failure.kind !== 'validation') throw new Error(`expected a validation failure, got ${failure.kind}`);
  return failure.fieldErrors.map((e) => e.path);
}
