// WorkspaceService with fake gateways: decoding, validation before any call, the DataLoader.
import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../../src/domain/capabilities';
import { fail, succeed, type Outcome, type WorkspaceFailure } from '../../../src/domain/failures';
import type { WorkspaceRef } from '../../../src/domain/global-id';
import type { WorkspacePatch } from '../../../src/domain/patch';
import type { ProviderName } from '../../../src/domain/provider';
import type { Workspace } from '../../../src/domain/workspace';
import type { WorkspaceGateway } from '../../../src/domain/workspace-gateway';
import { UNVERIFIED_CALLER } from '../../../src/domain/caller';
import { workspaceAt } from '../helpers';
import { WorkspaceService } from '../../../src/domain/workspace-service';
import { PROVIDERS as PROVIDER_MODULES } from '../../../src/providers';

const blaxelCapabilities = PROVIDER_MODULES.blaxel.capabilities;
const dreadnodeCapabilities = PROVIDER_MODULES.dreadnode.capabilities;
const flashbackCapabilities = PROVIDER_MODULES.flashback.capabilities;
const vertraCapabilities = PROVIDER_MODULES.vertra.capabilities;
const altostratCapabilities = PROVIDER_MODULES.altostrat.capabilities;
const terraformCapabilities = PROVIDER_MODULES.terraform.capabilities;

const CAPABILITIES: Record<ProviderName, ProviderCapabilities> = {
  blaxel: blaxelCapabilities,
  dreadnode: dreadnodeCapabilities,
  flashback: flashbackCapabilities,
  vertra: vertraCapabilities,
  altostrat: altostratCapabilities,
  terraform: terraformCapabilities,
};

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
  it.each(['', 'my-workspace', 'gitlab:x', 'blaxel:a/b', 'dreadnode:acme', 'vertra:..', 'altostrat:ws 1'])(
    'refuses the malformed id %j on ["input","id"] and sends nothing',
    async (id) => {
      const { service, lookups, totalCalls } = setup();
      const failure = failureOf(await service.update(id, { name: 'x' }));
      expect(failure).toEqual({
        kind: 'validation',
        message: expect.any(String),
        fieldErrors: [{ path: ['input', 'id'], code: 'INVALID', message: expect.stringMatching(/^Invalid id: /) }],
      });
      expect(lookups).toEqual([]);
      expect(totalCalls()).toBe(0);
    },
  );

  it('validates the patch against the provider before any call', async () => {
    const { service, gateways, totalCalls } = setup();
    const failure = failureOf(await service.update('flashback:123', { name: 'ok', tags: null }));
    expect(failure).toEqual({
      kind: 'validation',
      message: expect.any(String),
      fieldErrors: [{ path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD', message: expect.any(String) }],
    });
    expect(gateways.flashback.updates).toEqual([]);
    expect(totalCalls()).toBe(0);
  });

  it('gives REQUIRED on ["input"] for an empty patch, without a call', async () => {
    const { service, totalCalls } = setup();
    const failure = failureOf(await service.update('vertra:org123', {}));
    expect(failure.kind === 'validation' && failure.fieldErrors).toEqual([
      { path: ['input'], code: 'REQUIRED', message: expect.any(String) },
    ]);
    expect(totalCalls()).toBe(0);
  });

  it('refuses a too-long value and a null where the provider has no null, without a call', async () => {
    const { service, totalCalls } = setup();
    const tooLong = failureOf(await service.update('altostrat:ws_1', { name: 'n'.repeat(51) }));
    expect(tooLong.kind === 'validation' && tooLong.fieldErrors.map((e) => e.code)).toEqual(['TOO_LONG']);
    const nulled = failureOf(await service.update('dreadnode:acme/research', { description: null }));
    expect(nulled.kind === 'validation' && nulled.fieldErrors.map((e) => [e.path, e.code])).toEqual([
      [['input', 'description'], 'INVALID'],
    ]);
    expect(totalCalls()).toBe(0);
  });

  it('passes the decoded reference, the patch and the caller id to the gateway', async () => {
    const { service, gateways } = setup();
    const outcome = await service.update('dreadnode:acme/research', { isActive: false });
    expect(gateways.dreadnode.updates).toEqual([
      {
        ref: { provider: 'dreadnode', segments: ['acme', 'research'] },
        patch: { isActive: false },
        id: 'dreadnode:acme/research',
      },
    ]);
    expect(valueOf(outcome).id).toBe('dreadnode:acme/research');
  });

  it("returns the gateway's failure as is", async () => {
    const { service, gateways } = setup();
    const notFound: WorkspaceFailure = { kind: 'not-found', id: 'vertra:gone', message: 'no such workspace' };
    gateways.vertra.updateAnswer = () => fail(notFound);
    expect(await service.update('vertra:gone', { name: 'x' })).toEqual({ ok: false, failure: notFound });
  });

  it('returns the lookup failure of a provider that is not configured', async () => {
    const { service, totalCalls } = setup({ unconfigured: ['altostrat'] });
    const failure = failureOf(await service.update('altostrat:ws_1', { name: 'x' }));
    expect(failure).toMatchObject({ kind: 'provider', provider: 'altostrat', message: 'not configured' });
    expect(totalCalls()).toBe(0);
  });

  it('primes the loader with the updated workspace under its new id after a rename', async () => {
    const { service, gateways } = setup();
    gateways.blaxel.updateAnswer = (_ref, patch) =>
      succeed(workspaceAt({ provider: 'blaxel', segments: [patch.name ?? ''] }, 'renamed'));
    const updated = valueOf(await service.update('blaxel:old-name', { name: 'new-name' }));
    expect(updated.id).toBe('blaxel:new-name');

    expect(valueOf(await service.read('blaxel:new-name'))).toBe(updated);
    expect(gateways.blaxel.gets).toEqual([]);

    // The old id is no longer served from the cache: reading it asks the provider.
    gateways.blaxel.getAnswer = () => succeed(null);
    expect(valueOf(await service.read('blaxel:old-name'))).toBeNull();
    expect(gateways.blaxel.gets).toEqual([{ provider: 'blaxel', segments: ['old-name'] }]);
  });

  it('replaces a workspace read earlier in the request with the updated one', async () => {
    const { service, gateways } = setup();
    expect(valueOf(await service.read('vertra:org123'))?.name).toBe('org123');
    const updated = valueOf(await service.update('vertra:org123', { name: 'updatedworkspace' }));
    expect(valueOf(await service.read('vertra:org123'))).toBe(updated);
    expect(updated.name).toBe('updatedworkspace');
    expect(gateways.vertra.gets).toHaveLength(1);
  });

  it('does not prime after a failed update', async () => {
    const { service, gateways } = setup();
    gateways.vertra.updateAnswer = () => fail({ kind: 'conflict', field: 'name', message: 'taken' });
    failureOf(await service.update('vertra:org123', { name: 'taken' }));
    expect(valueOf(await service.read('vertra:org123'))?.id).toBe('vertra:org123');
    expect(gateways.vertra.gets).toHaveLength(1);
  });
});

describe('WorkspaceService.read', () => {
  it('makes one GET per distinct id in a request', async () => {
    const { service, gateways } = setup();
    const [a1, a2, b, c] = await Promise.all([
      service.read('vertra:a'),
      service.read('vertra:a'),
      service.read('vertra:b'),
      service.read('dreadnode:acme/research'),
    ]);
    expect(valueOf(a1)?.id).toBe('vertra:a');
    expect(valueOf(a2)?.id).toBe('vertra:a');
    expect(valueOf(b)?.id).toBe('vertra:b');
    expect(valueOf(c)?.id).toBe('dreadnode:acme/research');
    expect(gateways.vertra.gets).toEqual([
      { provider: 'vertra', segments: ['a'] },
      { provider: 'vertra', segments: ['b'] },
    ]);
    expect(gateways.dreadnode.gets).toEqual([{ provider: 'dreadnode', segments: ['acme', 'research'] }]);

    // Later in the same request: served from the loader.
    await service.read('vertra:a');
    expect(gateways.vertra.gets).toHaveLength(2);
  });

  it('gives ok null when the provider has no such workspace', async () => {
    const { service, gateways } = setup();
    gateways.altostrat.getAnswer = () => succeed(null);
    expect(await service.read('altostrat:ws_missing')).toEqual({ ok: true, value: null });
  });

  it('gives each id its own outcome in a mixed batch, without calling for malformed ids', async () => {
    const { service, gateways } = setup({ unconfigured: ['flashback'] });
    gateways.vertra.getAnswer = (ref) =>
      ref.segments[0] === 'broken'
        ? fail({ kind: 'provider', provider: 'vertra', status: 502, code: null, retryable: true, message: 'down' })
        : succeed(workspaceAt(ref));
    const [bad, ok, broken, unconfigured] = await Promise.all([
      service.read('vertra:a/b'),
      service.read('vertra:fine'),
      service.read('vertra:broken'),
      service.read('flashback:123'),
    ]);
    expect(failureOf(bad)).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ path: ['id'], code: 'INVALID' }],
    });
    expect(valueOf(ok)?.id).toBe('vertra:fine');
    expect(failureOf(broken)).toMatchObject({ kind: 'provider', status: 502, retryable: true });
    expect(failureOf(unconfigured)).toMatchObject({
      kind: 'provider',
      provider: 'flashback',
      message: 'not configured',
    });
    expect(gateways.vertra.gets.map((r) => r.segments[0])).toEqual(['fine', 'broken']);
    expect(gateways.flashback.gets).toEqual([]);
  });

  it('caps concurrent GETs per provider, while providers run side by side', async () => {
    const { service, gateways } = setup({ readConcurrency: 2, delayMs: 15 });
    const ids = [
      ...['a', 'b', 'c', 'd', 'e'].map((s) => `blaxel:${s}`),
      ...['x', 'y', 'z'].map((s) => `vertra:${s}`),
      'altostrat:ws_1',
    ];
    const outcomes = await Promise.all(ids.map((id) => service.read(id)));
    expect(outcomes.map((o) => valueOf(o)?.id)).toEqual(ids);
    expect(gateways.blaxel.gets).toHaveLength(5);
    expect(gateways.blaxel.maxRunning).toBe(2);
    expect(gateways.vertra.gets).toHaveLength(3);
    expect(gateways.vertra.maxRunning).toBe(2);
    expect(gateways.altostrat.maxRunning).toBe(1);
  });

  it('batches reads made in the same tick only', async () => {
    const { service, gateways } = setup();
    await service.read('vertra:a');
    await service.read('vertra:b');
    expect(gateways.vertra.gets.map((r) => r.segments[0])).toEqual(['a', 'b']);
  });

  it('runs the providers of one batch concurrently', async () => {
    const { service, all } = setup({ readConcurrency: 1, delayMs: 15 });
    await Promise.all(['blaxel:a', 'blaxel:b', 'vertra:c', 'flashback:d', 'altostrat:e'].map((id) => service.read(id)));
    // One GET at a time per provider, but the four providers at once.
    expect(all.max).toBe(4);
  });
});
