// The estimate of a request's upstream calls, from the document and its variables: what counts,
// how aliases, fragments and merged fields count, and what costs nothing.
import { describe, expect, it } from 'vitest';
import { CostEstimator } from '../../../src/limits';

const estimator = new CostEstimator(10_000);
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimator.estimate({ query, variables, operationName });

describe('CostEstimator', () => {
  it.each([
    ['mutation { updateWorkspace(input: { id: "p:a", name: "x" }) { __typename } }', {}, { writes: 1, reads: 0 }],
    [
      'mutation ($v: [UpdateWorkspaceInput!]!) { updateWorkspaces(inputs: $v) { __typename } }',
      { v: [{}, {}, {}] },
      { writes: 3, reads: 0 },
    ],
    ['mutation { updateWorkspaces(inputs: [{ id: "a" }, { id: "b" }]) { __typename } }', {}, { writes: 2, reads: 0 }],
    // A single value where a list is expected is a list of one (GraphQL's input coercion).
    [
      'mutation ($v: UpdateWorkspaceInput!) { updateWorkspaces(inputs: $v) { __typename } }',
      { v: {} },
      { writes: 1, reads: 0 },
    ],
    ['{ workspace(id: "p:a") { id } b: workspace(id: "p:b") { id } }', {}, { writes: 0, reads: 2 }],
    [
      'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: new Array(7).fill({}) },
      { writes: 0, reads: 7 },
    ],
    ['{ __typename _service { sdl } }', {}, { writes: 0, reads: 0 }],
    // A plan: one read per input, nothing written.
    [
      'query ($v: [UpdateWorkspaceInput!]!) { planWorkspaceUpdates(inputs: $v) { __typename } }',
      { v: new Array(5).fill({ id: 'p:a', expectedRevision: 'r' }) },
      { writes: 0, reads: 5 },
    ],
    // An update with an expected revision is read first: one read more per such input.
    [
      'mutation { updateWorkspace(input: { id: "p:a", name: "x", expectedRevision: "r" }) { __typename } }',
      {},
      { writes: 1, reads: 1 },
    ],
    [
      'mutation { updateWorkspace(input: { id: "p:a", name: "x", expectedRevision: null }) { __typename } }',
      {},
      { writes: 1, reads: 0 },
    ],
    [
      'mutation ($r: String) { updateWorkspace(input: { id: "p:a", expectedRevision: $r }) { __typename } }',
      { r: 'rev' },
      { writes: 1, reads: 1 },
    ],
    [
      'mutation ($v: UpdateWorkspaceInput!) { updateWorkspace(input: $v) { __typename } }',
      { v: { id: 'p:a', expectedRevision: 'r' } },
      { writes: 1, reads: 1 },
    ],
    [
      'mutation ($v: [UpdateWorkspaceInput!]!) { updateWorkspaces(inputs: $v) { __typename } }',
      { v: [{ expectedRevision: 'r' }, {}, { expectedRevision: null }, { expectedRevision: 'q' }] },
      { writes: 4, reads: 2 },
    ],
    [
      'mutation { updateWorkspaces(inputs: [{ id: "a", expectedRevision: "r" }, { id: "b" }]) { __typename } }',
      {},
      { writes: 2, reads: 1 },
    ],
  ])('%s', (query, variables, expected) => {
    expect(cost(query, variables)).toEqual(expected);
  });

  it('counts every alias, and fields GraphQL merges (same response key) once', () => {
    const aliased =
      'mutation ($v: [UpdateWorkspaceInput!]!) { a: updateWorkspaces(inputs: $v) { __typename } b: updateWorkspaces(inputs: $v) { __typename } }';
    expect(cost(aliased, { v: new Array(10).fill({}) })).toEqual({ writes: 20, reads: 0 });
    const merged =
      'mutation ($v: [UpdateWorkspaceInput!]!) { updateWorkspaces(inputs: $v) { id: __typename } updateWorkspaces(inputs: $v) { __typename } }';
    expect(cost(merged, { v: new Array(10).fill({}) })).toEqual({ writes: 10, reads: 0 });
  });

  it('follows fragments and inline fragments, each fragment once however often it is spread', () => {
    const query = `mutation ($v: [UpdateWorkspaceInput!]!) { ...F ...F ... on Mutation { c: updateWorkspaces(inputs: $v) { __typename } } }
      fragment F on Mutation { a: updateWorkspaces(inputs: $v) { __typename } ...G }
      fragment G on Mutation { b: updateWorkspace(input: { id: "x" }) { __typename } ...F }`;
    expect(cost(query, { v: new Array(5).fill({}) })).toEqual({ writes: 11, reads: 0 });
  });

  it('costs nothing for a field over its own cap: it is refused as BAD_USER_INPUT before any call', () => {
    const query = 'mutation ($v: [UpdateWorkspaceInput!]!) { updateWorkspaces(inputs: $v) { __typename } }';
    expect(cost(query, { v: new Array(100).fill({}) })).toEqual({ writes: 100, reads: 0 });
    expect(cost(query, { v: new Array(101).fill({}) })).toEqual({ writes: 0, reads: 0 });
  });

  it('estimates the operation named, or the only one', () => {
    const two =
      'query R { workspace(id: "a") { id } } mutation W { updateWorkspace(input: { id: "a" }) { __typename } }';
    expect(cost(two, {}, 'R')).toEqual({ writes: 0, reads: 1 });
    expect(cost(two, {}, 'W')).toEqual({ writes: 1, reads: 0 });
    // Without a name Apollo Server refuses the document: nothing runs.
    expect(cost(two)).toEqual({ writes: 0, reads: 0 });
  });

  it('costs nothing for what runs nothing: no query text (a persisted query hash), a syntax error, missing variables', () => {
    expect(estimator.estimate({ variables: {} })).toEqual({ writes: 0, reads: 0 });
    expect(cost('mutation { updateWorkspace(')).toEqual({ writes: 0, reads: 0 });
    expect(cost('mutation ($v: [UpdateWorkspaceInput!]!) { updateWorkspaces(inputs: $v) { __typename } }')).toEqual({
      writes: 0,
      reads: 0,
    });
  });

  it('keeps a bounded number of parsed documents', () => {
    const small = new CostEstimator(10_000, 3);
    for (let i = 0; i < 10; i++) small.estimate({ query: `{ a${i}: workspace(id: "x") { id } }` });
    expect(small.estimate({ query: '{ workspace(id: "x") { id } }' })).toEqual({ writes: 0, reads: 1 });
  });
});
