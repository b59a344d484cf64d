// WorkspaceService with fake gateways: decoding, validation before any call, the DataLoader.
import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../../src/domain/capabilities';
import { fail, succeed, type Outcome, type WorkspaceFailure } from '../../../src/domain/failures';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import type { WorkspacePatch } from '../../../src/domain/patch';
import type { CurrentWorkspace, ProviderRequest } from '../../../src/domain/plan';
import type { ProviderName } from '../../../src/domain/provider';
import type { Workspace } from '../../../src/domain/workspace';
import type { WorkspaceGateway } from '../../../src/domain/workspace-gateway';
import { UNVERIFIED_CALLER } from '../../../src/domain/caller';
import { workspaceAt } from '../helpers';
import { WorkspaceService } from '../../../src/domain/workspace-service';
import { PROVIDERS as PROVIDER_MODULES } from '../../../src/providers';
import { PROVIDER_NAMES } from '../../../src/domain/provider';
import {
  ALL_FIXTURES,
  IDS_WITHOUT_A_PROVIDER,
  idLike,
  malformedIds,
  providerAt,
  providerWith,
  referenceOf,
  unsupportedFields,
  type ProviderFixture,
} from '../../providers';

const CAPABILITIES = Object.fromEntries(PROVIDER_NAMES.map((p) => [p, PROVIDER_MODULES[p].capabilities])) as Record<
  ProviderName,
  ProviderCapabilities
>;

/** Five providers (any); the ids are made up, shaped as each provider's references are. */
const [A, B, C, D, E] = [0, 1, 2, 3, 4].map((i) => providerAt(i)) as [
  ProviderFixture,
  ProviderFixture,
  ProviderFixture,
  ProviderFixture,
  ProviderFixture,
];
const idOf = (f: ProviderFixture, name: string) => idLike(f, name);
const refOf = (f: ProviderFixture, name: string): WorkspaceRef => ({
  provider: f.provider,
  segments: referenceOf(idLike(f, name)).split('/'),
});
/** The name the fake gateways give a workspace they read: its reference. */
const nameOf = (f: ProviderFixture, name: string) => referenceOf(idLike(f, name));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A gateway that records its calls; GETs answer after `delayMs`, tracking how many run at once. */
class FakeGateway implements WorkspaceGateway {
  readonly gets: WorkspaceRef[] = [];
  readonly updates: { ref: WorkspaceRef; patch: WorkspacePatch; id: string }[] = [];
  running = 0;
  maxRunning = 0;
  getAnswer: (ref: WorkspaceRef) => Outcome<Workspace | null> = (ref) => succeed(workspaceAt(ref));
  updateAnswer: (ref: WorkspaceRef, patch: WorkspacePatch) => Outcome<Workspace> = (ref, patch) =>
    succeed(workspaceAt(ref, patch.name ?? 'unchanged'));

  constructor(
    readonly capabilities: ProviderCapabilities,
    private readonly delayMs = 0,
    /** GETs in flight across every provider. */
    private readonly all = { running: 0, max: 0 },
  ) {}

  async getWorkspace(ref: WorkspaceRef): Promise<Outcome<Workspace | null>> {
    this.gets.push(ref);
    this.running++;
    this.all.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.all.max = Math.max(this.all.max, this.all.running);
    await sleep(this.delayMs);
    this.running--;
    this.all.running--;
    return this.getAnswer(ref);
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

  async updateWorkspace(ref: WorkspaceRef, patch: WorkspacePatch, id: string): Promise<Outcome<Workspace>> {
    this.updates.push({ ref, patch, id });
    return this.updateAnswer(ref, patch);
  }
}

function setup(options: { readConcurrency?: number; delayMs?: number; unconfigured?: ProviderName[] } = {}) {
  const all = { running: 0, max: 0 };
  const gateways = Object.fromEntries(
    (Object.keys(CAPABILITIES) as ProviderName[]).map((p) => [
      p,
      new FakeGateway(CAPABILITIES[p], options.delayMs, all),
    ]),
  ) as Record<ProviderName, FakeGateway>;
  const lookups: ProviderName[] = [];
  const service = new WorkspaceService({
    capabilities: CAPABILITIES,
    readConcurrency: options.readConcurrency ?? 4,
    caller: UNVERIFIED_CALLER,
    gateway: (provider): WorkspaceGateway | WorkspaceFailure => {
      lookups.push(provider);
      if (options.unconfigured?.includes(provider)) {
        return { kind: 'provider', provider, status: null, code: null, retryable: false, message: 'not configured' };
      }
      return gateways[provider];
    },
  });
  const totalCalls = () => Object.values(gateways).reduce((n, g) => n + g.gets.length + g.updates.length, 0);
  return { service, gateways, lookups, totalCalls, all };
}

function failureOf<T>(outcome: Outcome<T>): WorkspaceFailure {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) throw new Error('expected a failure');
  return outcome.failure;
}

function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected a success, got ${JSON.stringify(outcome.failure)}`);
  return outcome.value;
}

describe('WorkspaceService.update', () => {
  it.each([
    '',
    ...IDS_WITHOUT_A_PROVIDER.map((m) => m.id),
    ...ALL_FIXTURES.flatMap((f) => malformedIds(f).map((m) => m.id)),
  ])('refuses the malformed id %j on ["input","id"] and sends nothing', async (id) => {
    const { service, lookups, totalCalls } = setup();
    const failure = failureOf(await service.update(id, { name: 'x' }));
    expect(failure).toEqual({
      kind: 'validation',
      message: expect.any(String),
      fieldErrors: [{ path: ['input', 'id'], code: 'INVALID', message: expect.stringMatching(/^Invalid id: /) }],
    });
    expect(lookups).toEqual([]);
    expect(totalCalls()).toBe(0);
  });

  it.each(ALL_FIXTURES)('$label: validates the patch against the provider before any call', async (f) => {
    const { service, gateways, totalCalls } = setup();
    const field = unsupportedFields(f)[0] as string;
    const failure = failureOf(await service.update(idOf(f, 'w1'), { ...f.change(1), [field]: null }));
    expect(failure).toEqual({
      kind: 'validation',
      message: expect.any(String),
      fieldErrors: [{ path: ['input', field], code: 'UNSUPPORTED_FIELD', message: expect.any(String) }],
    });
    expect(gateways[f.provider].updates).toEqual([]);
    expect(totalCalls()).toBe(0);
  });

  it('gives REQUIRED on ["input"] for an empty patch, without a call', async () => {
    const { service, totalCalls } = setup();
    const failure = failureOf(await service.update(idOf(A, 'w1'), {}));
    expect(failure.kind === 'validation' && failure.fieldErrors).toEqual([
      { path: ['input'], code: 'REQUIRED', message: expect.any(String) },
    ]);
    expect(totalCalls()).toBe(0);
  });

  it('refuses a too-long value and a null where the provider has no null, without a call', async () => {
    const { service, totalCalls } = setup();
    const limited = providerWith('with a length limit', (f) => f.limits.some((l) => !l.item));
    const limit = limited.limits.find((l) => !l.item) as { field: string; max: number };
    const tooLong = failureOf(await service.update(idOf(limited, 'w1'), { [limit.field]: 'n'.repeat(limit.max + 1) }));
    expect(tooLong.kind === 'validation' && tooLong.fieldErrors.map((e) => e.code)).toEqual(['TOO_LONG']);
    const field = A.fields.find((p) => !A.nullable.includes(p)) as string;
    const nulled = failureOf(await service.update(idOf(A, 'w1'), { [field]: null }));
    expect(nulled.kind === 'validation' && nulled.fieldErrors.map((e) => [e.path, e.code])).toEqual([
      [['input', field], 'INVALID'],
    ]);
    expect(totalCalls()).toBe(0);
  });

  it.each(ALL_FIXTURES)(
    '$label: passes the decoded reference, the patch and the caller id to the gateway',
    async (f) => {
      const { service, gateways } = setup();
      const [sample] = Object.entries(f.samples);
      const patch = sample ? { [sample[0]]: sample[1] } : f.change(1);
      const outcome = await service.update(f.writable.id, patch);
      expect(gateways[f.provider].updates).toEqual([
        {
          ref: { provider: f.provider, segments: referenceOf(f.writable.id).split('/') },
          patch,
          id: f.writable.id,
        },
      ]);
      expect(valueOf(outcome).id).toBe(f.writable.id);
    },
  );

  it("returns the gateway's failure as is", async () => {
    const { service, gateways } = setup();
    const notFound: WorkspaceFailure = { kind: 'not-found', id: idOf(B, 'gone'), message: 'no such workspace' };
    gateways[B.provider].updateAnswer = () => fail(notFound);
    expect(await service.update(idOf(B, 'gone'), B.change(1))).toEqual({ ok: false, failure: notFound });
  });

  it('returns the lookup failure of a provider that is not configured', async () => {
    const { service, totalCalls } = setup({ unconfigured: [C.provider] });
    const failure = failureOf(await service.update(idOf(C, 'w1'), C.change(1)));
    expect(failure).toMatchObject({ kind: 'provider', provider: C.provider, message: 'not configured' });
    expect(totalCalls()).toBe(0);
  });

  it('primes the loader with the updated workspace under its new id after a rename', async () => {
    const { service, gateways } = setup();
    // The provider answers with the workspace at another reference (its name or key is one).
    gateways[A.provider].updateAnswer = () => succeed(workspaceAt(refOf(A, 'new-name'), 'renamed'));
    const updated = valueOf(await service.update(idOf(A, 'old-name'), A.change(1)));
    expect(updated.id).toBe(idOf(A, 'new-name'));

    expect(valueOf(await service.read(idOf(A, 'new-name')))).toBe(updated);
    expect(gateways[A.provider].gets).toEqual([]);

    // The old id is no longer served from the cache: reading it asks the provider.
    gateways[A.provider].getAnswer = () => succeed(null);
    expect(valueOf(await service.read(idOf(A, 'old-name')))).toBeNull();
    expect(gateways[A.provider].gets).toEqual([refOf(A, 'old-name')]);
  });

  it('replaces a workspace read earlier in the request with the updated one', async () => {
    const { service, gateways } = setup();
    const id = idOf(B, 'w1');
    expect(valueOf(await service.read(id))?.name).toBe(nameOf(B, 'w1'));
    const change = B.change(1);
    const updated = valueOf(await service.update(id, change));
    expect(valueOf(await service.read(id))).toBe(updated);
    expect(updated.name).toBe(change.name ?? 'unchanged');
    expect(gateways[B.provider].gets).toHaveLength(1);
  });

  it('does not prime after a failed update', async () => {
    const { service, gateways } = setup();
    const id = idOf(B, 'w1');
    gateways[B.provider].updateAnswer = () => fail({ kind: 'conflict', field: 'name', message: 'taken' });
    failureOf(await service.update(id, B.change(1)));
    expect(valueOf(await service.read(id))?.id).toBe(id);
    expect(gateways[B.provider].gets).toHaveLength(1);
  });
});

describe('WorkspaceService.read', () => {
  it('makes one GET per distinct id in a request', async () => {
    const { service, gateways } = setup();
    const [a1, a2, b, c] = await Promise.all([
      service.read(idOf(A, 'a')),
      service.read(idOf(A, 'a')),
      service.read(idOf(A, 'b')),
      service.read(idOf(B, 'c')),
    ]);
    expect(valueOf(a1)?.id).toBe(idOf(A, 'a'));
    expect(valueOf(a2)?.id).toBe(idOf(A, 'a'));
    expect(valueOf(b)?.id).toBe(idOf(A, 'b'));
    expect(valueOf(c)?.id).toBe(idOf(B, 'c'));
    expect(gateways[A.provider].gets).toEqual([refOf(A, 'a'), refOf(A, 'b')]);
    expect(gateways[B.provider].gets).toEqual([refOf(B, 'c')]);

    // Later in the same request: served from the loader.
    await service.read(idOf(A, 'a'));
    expect(gateways[A.provider].gets).toHaveLength(2);
  });

  it('gives ok null when the provider has no such workspace', async () => {
    const { service, gateways } = setup();
    gateways[C.provider].getAnswer = () => succeed(null);
    expect(await service.read(idOf(C, 'missing'))).toEqual({ ok: true, value: null });
  });

  it('gives each id its own outcome in a mixed batch, without calling for malformed ids', async () => {
    const { service, gateways } = setup({ unconfigured: [E.provider] });
    gateways[A.provider].getAnswer = (ref) =>
      ref.segments.at(-1) === 'broken'
        ? fail({ kind: 'provider', provider: A.provider, status: 502, code: null, retryable: true, message: 'down' })
        : succeed(workspaceAt(ref));
    const [bad, ok, broken, unconfigured] = await Promise.all([
      service.read(`${A.provider}:..`),
      service.read(idOf(A, 'fine')),
      service.read(idOf(A, 'broken')),
      service.read(idOf(E, 'w1')),
    ]);
    expect(failureOf(bad)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['id'], code: 'INVALID' }],
    });
    expect(valueOf(ok)?.id).toBe(idOf(A, 'fine'));
    expect(failureOf(broken)).toMatchObject({ kind: 'provider', status: 502, retryable: true });
    expect(failureOf(unconfigured)).toMatchObject({
      kind: 'provider',
      provider: E.provider,
      message: 'not configured',
    });
    expect(gateways[A.provider].gets).toEqual([refOf(A, 'fine'), refOf(A, 'broken')]);
    expect(gateways[E.provider].gets).toEqual([]);
  });

  it('caps concurrent GETs per provider, while providers run side by side', async () => {
    const { service, gateways } = setup({ readConcurrency: 2, delayMs: 15 });
    const ids = [
      ...['a', 'b', 'c', 'd', 'e'].map((s) => idOf(A, s)),
      ...['x', 'y', 'z'].map((s) => idOf(B, s)),
      idOf(C, 'w1'),
    ];
    const outcomes = await Promise.all(ids.map((id) => service.read(id)));
    expect(outcomes.map((o) => valueOf(o)?.id)).toEqual(ids);
    expect(gateways[A.provider].gets).toHaveLength(5);
    expect(gateways[A.provider].maxRunning).toBe(2);
    expect(gateways[B.provider].gets).toHaveLength(3);
    expect(gateways[B.provider].maxRunning).toBe(2);
    expect(gateways[C.provider].maxRunning).toBe(1);
  });

  it('batches reads made in the same tick only', async () => {
    const { service, gateways } = setup();
    await service.read(idOf(A, 'a'));
    await service.read(idOf(A, 'b'));
    expect(gateways[A.provider].gets).toEqual([refOf(A, 'a'), refOf(A, 'b')]);
  });

  it('runs the providers of one batch concurrently', async () => {
    const { service, all } = setup({ readConcurrency: 1, delayMs: 15 });
    await Promise.all(
      [idOf(A, 'a'), idOf(A, 'b'), idOf(B, 'c'), idOf(C, 'd'), idOf(D, 'e')].map((id) => service.read(id)),
    );
    // One GET at a time per provider, but the four providers at once.
    expect(all.max).toBe(4);
  });
});
