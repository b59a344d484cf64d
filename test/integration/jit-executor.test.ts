// GRAPHQL_EXECUTOR=jit (graphql-jit, opt-in) answers exactly as graphql-js (the default) does: the
// same operations sent to two stacks, one per executor, on one emulator's data, answers compared
// whole — typed results, plans, reads, and `_entities` with a failing provider whose rejected
// items settle after later ones (graphql-jit 0.8.9 misplaced those; see workspace.resolver.ts).
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PlanWorkspaceUpdatesDocument,
  UpdateWorkspacesDocument,
  WorkspaceEntitiesDocument,
} from '../../operations/generated/graphql';
import { ALL_FIXTURES, type ProviderFixture } from '../providers';
import { startStack, type TestStack } from '../support/stack';
import { TEST_UPSTREAM_ENV } from './helpers';

let jit: TestStack;
let reference: TestStack;

beforeAll(async () => {
  [jit, reference] = await Promise.all([
    startStack({ ...TEST_UPSTREAM_ENV, GRAPHQL_EXECUTOR: 'jit' }),
    startStack({ ...TEST_UPSTREAM_ENV, GRAPHQL_EXECUTOR: 'graphql-js' }),
  ]);
});
afterAll(async () => {
  await Promise.all([jit?.close(), reference?.close()]);
});

/** The same operation through both stacks, each on fresh emulator data; the answers without timestamps or stack traces. */
async function both(query: string, variables: Record<string, unknown>, prepare?: (stack: TestStack) => void) {
  const answers = [];
  for (const stack of [jit, reference]) {
    await stack.reset();
    prepare?.(stack);
    const response = await stack.graphql(query, variables);
    // Stack traces (development mode) name each executor's own frames: left out of the comparison.
    const text = JSON.stringify(response.body).replace(/"updatedAt":"[^"]*"/g, '"updatedAt":"*"');
    answers.push(JSON.parse(text, (key, value: unknown) => (key === 'stacktrace' ? undefined : value)));
  }
  return answers;
}

describe('graphql-jit answers as graphql-js does', () => {
  it('updateWorkspaces over every provider: successes and typed failures, in input order', async () => {
    const inputs = ALL_FIXTURES.flatMap((f) => [
      { id: f.writable.id, ...f.change(1) },
      { id: f.unknown.id, ...f.change(2) },
      { id: f.writable.id, name: '' },
    ]);
    const [fromJit, fromReference] = await both(print(UpdateWorkspacesDocument), { inputs });
    expect(fromJit).toEqual(fromReference);
    expect(JSON.stringify(fromJit)).toContain('UpdateWorkspaceSuccess');
  });

  it('planWorkspaceUpdates: plans, validation errors and not-found, with JSON values', async () => {
    const inputs = ALL_FIXTURES.flatMap((f) => [
      { id: f.writable.id, ...f.change(3) },
      { id: f.unknown.id, ...f.change(4) },
    ]);
    const [fromJit, fromReference] = await both(print(PlanWorkspaceUpdatesDocument), { inputs });
    expect(fromJit).toEqual(fromReference);
    expect(JSON.stringify(fromJit)).toContain('WorkspaceUpdatePlan');
  });

  it('_entities with a failing provider whose errors settle after later items: same list, same nulls, same errors', async () => {
    // A router's list: the failing provider's workspace twice among others, and an unknown one.
    const [a, b, c, d, e, failing] = ALL_FIXTURES as [
      ProviderFixture,
      ProviderFixture,
      ProviderFixture,
      ProviderFixture,
      ProviderFixture,
      ProviderFixture,
    ];
    const ids = [
      a.writable.id,
      failing.writable.id,
      b.writable.id,
      failing.writable.id,
      c.writable.id,
      d.writable.id,
      e.unknown.id,
      b.otherWritable.id,
      e.writable.id,
    ];
    const representations = ids.map((id) => ({ __typename: 'Workspace', id }));
    const [fromJit, fromReference] = await both(print(WorkspaceEntitiesDocument), { representations }, (stack) => {
      stack.emulator.injectFault(failing.provider, { status: 500, times: Infinity });
    });
    expect(fromJit).toEqual(fromReference);
    expect(fromJit.data._entities).toHaveLength(ids.length);
    expect(fromJit.errors.length).toBeGreaterThan(0);
  });
});
