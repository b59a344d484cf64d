// Plan, then apply (README, "Plan, then apply"), for every provider over real HTTP on the
// emulator: a plan sends GETs only and shows the exact request the update then sends; an update
// with the plan's revision goes through while nothing changed, and is refused, unsent, when the
// workspace changed at the provider in between, also when a shared read cache (REDIS_URL, a real
// redis-server) holds the workspace as it was.
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlanWorkspaceUpdatesDocument, UpdateWorkspacesDocument } from '../../operations/generated/graphql';
import { ALL_FIXTURES, pathOfId, type ProviderFixture } from '../providers';
import { startRedis } from '../support/processes';
import { calls, startHarness, useHarness, type Harness, type UpdateResult } from './helpers';

const PLAN_QUERY = print(PlanWorkspaceUpdatesDocument);
const UPDATES_MUTATION = print(UpdateWorkspacesDocument);

interface PlanData {
  __typename: string;
  workspace?: { id: string; name: string } & Record<string, unknown>;
  changes?: { field: string; before: unknown; after: unknown }[];
  request?: { method: string; path: string; body: unknown };
  revision?: string;
  message?: string;
  fieldErrors?: { path: string[]; code: string }[];
}

async function plan(harness: Harness, inputs: Record<string, unknown>[]): Promise<PlanData[]> {
  const response = await harness.graphql<{ planWorkspaceUpdates: PlanData[] }>(PLAN_QUERY, { inputs });
  expect(response.body.errors, 'planWorkspaceUpdates must answer with typed results').toBeUndefined();
  return response.body.data?.planWorkspaceUpdates ?? [];
}

async function planOne(harness: Harness, input: Record<string, unknown>): Promise<Required<PlanData>> {
  const [result] = await plan(harness, [input]);
  expect(result?.__typename, JSON.stringify(result)).toBe('WorkspaceUpdatePlan');
  return result as Required<PlanData>;
}

/** Someone else changes the workspace at the provider itself (its own REST API, not this subgraph). */
async function changeAtProvider(harness: Harness, fixture: ProviderFixture, change: Record<string, unknown>) {
  const { emulator } = harness;
  const body = (fixture.contract.requestBody as (patch: Record<string, unknown>) => object)(change);
  const response = await fetch(`${emulator.baseUrls[fixture.provider]}${fixture.writable.path}`, {
    method: fixture.updateMethod,
    headers: {
      authorization: `Bearer ${emulator.token}`,
      'content-type': fixture.mediaType ?? 'application/json',
      accept: fixture.mediaType ?? 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** Plan, someone changes the workspace at the provider, apply with the plan's revision: refused, unsent. */
async function expectConflictAfterChangeAtProvider(h: Harness, fixture: ProviderFixture): Promise<void> {
  const input = { id: fixture.writable.id, ...fixture.change(1) };
  // The read cache holds the workspace as it was: the revision check must not be answered from it.
  await h.read(fixture.writable.id);
  const planned = await planOne(h, input);
  const theirs = fixture.change(2);
  await changeAtProvider(h, fixture, theirs);
  h.emulator.clearRequests();

  const result: UpdateResult = await h.update({ ...input, expectedRevision: planned.revision });
  expect(result).toEqual({
    __typename: 'WorkspaceConflictError',
    field: null,
    message: expect.stringMatching(/changed since the plan/),
  });
  expect(calls(h.emulator), 'only the revision check: the update is not sent').toEqual([
    `GET ${fixture.writable.path}`,
  ]);
  // Their change stands.
  const now = await planOne(h, { id: fixture.writable.id, ...theirs });
  expect(now.changes).toEqual([]);
  expect(now.revision).not.toBe(planned.revision);
}

describe('planWorkspaceUpdates, then updateWorkspace with expectedRevision', () => {
  const harness = useHarness();

  it.each(ALL_FIXTURES)(
    '$label: the plan reads only, and the apply sends byte for byte the planned request',
    async (fixture) => {
      const h = harness();
      const change = fixture.change(1);
      const input = { id: fixture.writable.id, ...change };
      const before = await h.read(fixture.writable.id);
      h.emulator.clearRequests();

      const planned = await planOne(h, input);
      expect(calls(h.emulator)).toEqual([`GET ${fixture.writable.path}`]);
      expect(planned.workspace).toEqual(before.body.data?.workspace);
      const [field, after] = Object.entries(change)[0] as [string, unknown];
      expect(planned.changes).toEqual([{ field, before: planned.workspace[field] ?? null, after }]);
      expect(planned.request.method).toBe(fixture.updateMethod);
      expect(planned.request.path).toBe(fixture.writable.path);
      expect(planned.revision).toMatch(/^\S+$/);
      expect(JSON.stringify(planned), 'a plan never shows a credential').not.toContain(h.emulator.token);

      // A second plan of the unchanged workspace: the same revision.
      expect((await planOne(h, input)).revision).toBe(planned.revision);

      h.emulator.clearRequests();
      const applied = await h.update({ ...input, expectedRevision: planned.revision });
      expect(applied.__typename, JSON.stringify(applied)).toBe('UpdateWorkspaceSuccess');
      // The revision check (a GET past the read cache), then exactly the planned request.
      expect(calls(h.emulator)).toEqual([
        `GET ${fixture.writable.path}`,
        `${fixture.updateMethod} ${planned.request.path}`,
      ]);
      const sent = h.emulator.requests[1];
      const plannedBytes = JSON.stringify(planned.request.body);
      expect(JSON.stringify(sent?.body)).toBe(plannedBytes);
      expect(sent?.headers['content-length']).toBe(String(Buffer.byteLength(plannedBytes)));

      // Applied: the workspace moved to a new revision, and a plan of the same input changes nothing.
      const again = await planOne(h, input);
      expect(again.revision).not.toBe(planned.revision);
      expect(again.changes).toEqual([]);
    },
  );

  it.each(ALL_FIXTURES)(
    '$label: changed at the provider since the plan: WorkspaceConflictError, nothing sent',
    (fixture) => expectConflictAfterChangeAtProvider(harness(), fixture),
  );

  it.each(ALL_FIXTURES)('$label: updateWorkspaces applies each item against its own revision', async (fixture) => {
    const h = harness();
    const [first, second] = await plan(h, [
      { id: fixture.writable.id, ...fixture.change(3) },
      { id: fixture.otherWritable.id, ...fixture.change(4) },
    ]);
    if (!first?.revision || !second?.revision) throw new Error(`no plan: ${JSON.stringify([first, second])}`);
    h.emulator.clearRequests();
    await changeAtProvider(h, fixture, fixture.change(5));
    h.emulator.clearRequests();

    const response = await h.graphql<{ updateWorkspaces: UpdateResult[] }>(UPDATES_MUTATION, {
      inputs: [
        { id: fixture.writable.id, ...fixture.change(3), expectedRevision: first.revision },
        { id: fixture.otherWritable.id, ...fixture.change(4), expectedRevision: second.revision },
      ],
    });
    expect(response.body.errors).toBeUndefined();
    const [stale, fresh] = response.body.data?.updateWorkspaces ?? [];
    expect(stale).toMatchObject({ __typename: 'WorkspaceConflictError', field: null });
    expect(fresh?.__typename).toBe('UpdateWorkspaceSuccess');
    expect(calls(h.emulator).filter((call) => !call.startsWith('GET '))).toEqual([
      `${fixture.updateMethod} ${pathOfId(fixture, fixture.otherWritable.id)}`,
    ]);
  });

  it('validates as updateWorkspaces does (same members, same paths) and sends nothing for a refused item', async () => {
    const h = harness();
    const [a, b] = ALL_FIXTURES as [ProviderFixture, ProviderFixture];
    const inputs = [
      { id: a.writable.id },
      { id: 'nowhere:1', name: 'x' },
      { id: a.writable.id, ...a.change(1) },
      { id: b.unknown.id, ...b.change(1) },
      { id: b.writable.id, ...b.change(1), expectedRevision: '' },
    ];
    const planned = await plan(h, inputs);
    const updated = await h.graphql<{ updateWorkspaces: UpdateResult[] }>(UPDATES_MUTATION, {
      inputs: inputs.slice(0, 2),
    });
    const shape = (r: { __typename: string; fieldErrors?: { path: string[]; code: string }[] | null } | undefined) => ({
      __typename: r?.__typename,
      fieldErrors: r?.fieldErrors?.map(({ path, code }) => ({ path, code })),
    });
    expect(planned.slice(0, 2).map(shape)).toEqual((updated.body.data?.updateWorkspaces ?? []).map(shape));
    expect(shape(planned[0])).toEqual({
      __typename: 'WorkspaceValidationError',
      fieldErrors: [{ path: ['inputs', '0'], code: 'REQUIRED' }],
    });
    // The same workspace twice: the second is refused, as updateWorkspaces refuses it.
    expect(shape(planned[2])).toEqual({
      __typename: 'WorkspaceValidationError',
      fieldErrors: [{ path: ['inputs', '2', 'id'], code: 'INVALID' }],
    });
    expect(planned[3]).toMatchObject({ __typename: 'WorkspaceNotFoundError', id: b.unknown.id });
    expect(shape(planned[4])).toEqual({
      __typename: 'WorkspaceValidationError',
      fieldErrors: [{ path: ['inputs', '4', 'expectedRevision'], code: 'INVALID' }],
    });
    expect(calls(h.emulator).every((call) => call.startsWith('GET '))).toBe(true);
  });

  it('a plan never writes: 100 inputs over every provider, GETs only', async () => {
    const h = harness();
    const ids = h.emulator.setExtraWorkspaces(17);
    const inputs = ALL_FIXTURES.flatMap((fixture) =>
      (ids[fixture.provider] ?? []).map((id, n) => ({ id, ...fixture.change(100 + n) })),
    ).slice(0, 100);
    expect(inputs).toHaveLength(100);
    h.emulator.clearRequests();
    const planned = await plan(h, inputs);
    expect(planned.map((p) => p.__typename)).toEqual(inputs.map(() => 'WorkspaceUpdatePlan'));
    expect(planned.map((p) => p.workspace?.id)).toEqual(inputs.map((i) => i.id));
    expect(h.emulator.requests.map((r) => r.method)).toEqual(inputs.map(() => 'GET'));
  });
});

describe('with a shared read cache holding the workspace as it was (REDIS_URL)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    harness = await startHarness({ REDIS_URL: redis.url, READ_CACHE_TTL_SECONDS: '300' });
  });
  beforeEach(async () => {
    await harness?.stack.reset();
    harness?.emulator.clearRequests();
  });
  afterAll(async () => {
    await harness?.close();
    await redis?.stop();
  });

  it.each(ALL_FIXTURES)(
    '$label: the revision check reads past the cache: WorkspaceConflictError, nothing sent',
    (fixture) => {
      if (!harness) throw new Error('the stack did not start');
      return expectConflictAfterChangeAtProvider(harness, fixture);
    },
  );
});
