// What a new user reads when an id is wrong, over real HTTP: a known provider in another case is
// pointed to its lower-case name, an unknown one gets the list of providers, an empty reference
// says so; reads and updates alike. And a start says nothing it need not (no Apollo notice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { createLogger } from '../../src/server/logging/logger';
import { ALL_FIXTURES, referenceOf, segmentsOf, type ProviderFixture } from '../providers';
import { lineSink } from '../support/log-lines';
import { startStack, type TestStack } from '../support/stack';
import { UPDATE_MUTATION, WORKSPACE_QUERY, type UpdateResult } from './helpers';

/** The registry's providers, in its order. */
const PROVIDER_LIST = `the providers are ${PROVIDER_NAMES.join(', ')}`;

const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
/** What an empty reference of the provider is told: the reference's shape (one segment, or org/ws slugs). */
const emptyReference = (f: ProviderFixture) =>
  `Invalid id: the ${f.provider} reference is empty: it must be ${
    segmentsOf(f) === 2 ? '"<org slug>/<ws slug>"' : 'one segment of [A-Za-z0-9._~-], not "." or ".."'
  }.`;

const logLines: string[] = [];
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({}, createLogger('info', lineSink(logLines)));
});
afterAll(() => stack?.close());

describe('invalid ids say what is wrong', () => {
  it.each([
    ...ALL_FIXTURES.flatMap((f) =>
      [capitalized(f.provider), f.provider.toUpperCase()].map((prefix) => [
        `${prefix}:${referenceOf(f.writable.id)}`,
        `Invalid id: "${prefix}" is not a known provider: ids are lower case ("${f.provider}:…"); ${PROVIDER_LIST}.`,
      ]),
    ),
    ['gitlab:org123', `Invalid id: "gitlab" is not a known provider: ${PROVIDER_LIST} (ids are lower case).`],
    ...ALL_FIXTURES.map((f) => [`${f.provider}:`, emptyReference(f)]),
  ])('%s', async (id, message) => {
    const read = await stack.graphql(WORKSPACE_QUERY, { id });
    expect(read.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['id'], code: 'INVALID', message }],
    });
    const update = await stack.graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id, name: 'x' },
    });
    expect(update.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceValidationError',
      fieldErrors: [{ path: ['input', 'id'], code: 'INVALID', message }],
    });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('a start', () => {
  it("logs no notice of Apollo Server's (inline tracing is installed, not enabled by default)", () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toMatch(/Enabling inline tracing|ApolloServerPluginInlineTraceDisabled/);
  });
});

describe("a provider's 403 says what was refused", () => {
  it.each(ALL_FIXTURES)('$label: a read is not called a change; an update is', async (f) => {
    stack.emulator.injectFault(f.provider, { status: 403, body: {}, times: 2 });
    const read = await stack.graphql(WORKSPACE_QUERY, { id: f.writable.id });
    expect(read.body.errors?.[0]?.message).toMatch(/does not let these credentials read this workspace/);
    expect(read.body.errors?.[0]?.message).not.toMatch(/change/);
    const update = await stack.graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: f.writable.id, ...f.rename },
    });
    expect(update.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspacePermissionDeniedError',
      message: expect.stringMatching(/does not allow this change/),
    });
  });
});
