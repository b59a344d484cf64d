// What a provider's error answer shows a caller, over real HTTP (issue 17, defects 1 and 2):
// - the credential is cut out of free text only, never out of a field the code reads: with a
//   provider token `t` a 429 is still a WorkspaceRateLimitedError (it was kind
//   `ra[redacted]e-limi[redacted]ed` and INTERNAL_SERVER_ERROR), single and bulk;
// - it is cut in every form a provider may echo it in: case-folded, percent-encoded, base64;
// - a 5xx (or unparseable) body never reaches a caller, in production too: the status and the
//   provider's code; a documented 4xx message still does, scrubbed.
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpdateWorkspacesDocument } from '../../operations/generated/graphql';
import type { Fault } from '../../src/emulator';
import { ROUTER_SECRET_HEADER } from '../../src/server/http/router-secret';
import { ALL_FIXTURES, type ProviderFixture } from '../providers';
import { SECRET_TEXT as LEAK } from '../providers/fixture';
import { startStack, type TestStack } from '../support/stack';
import {
  envFor,
  postGraphQL,
  TEST_UPSTREAM_ENV,
  UPDATE_MUTATION,
  useHarness,
  WORKSPACE_QUERY,
  type UpdateResult,
  type WorkspaceData,
} from './helpers';

const UPDATE_MANY = print(UpdateWorkspacesDocument);

function expectNoLeak(body: unknown): void {
  const text = JSON.stringify(body);
  for (const part of ['hunter2', 'postgres', '10.0.0.5', 'connection refused']) expect(text).not.toContain(part);
}

/** A stack (no harness: its leak check would refuse any response holding the letter `t`). */
function useStack(env: Record<string, string>): () => TestStack {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startStack({ ...TEST_UPSTREAM_ENV, ...env });
  });
  beforeEach(async () => {
    await stack?.reset();
    stack?.emulator.clearRequests();
  });
  afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (!stack) throw new Error('the stack did not start');
    return stack;
  };
}

describe.each(['t', 'a', 'e'])('with a one-character token, %s (defect 1)', (token) => {
  const stack = useStack(envFor(ALL_FIXTURES, { token }));
  const rateLimited = (f: ProviderFixture) => ({
    __typename: 'WorkspaceRateLimitedError',
    provider: f.enumValue,
    retryAfterSeconds: 3,
    message: `${f.label} is rate limiting requests: ${f.rateLimit.says}`,
  });

  it.each(ALL_FIXTURES)('$label: a 429 is a WorkspaceRateLimitedError with intact fields', async (f) => {
    stack().emulator.injectFault(f.provider, {
      status: 429,
      body: f.rateLimit.body,
      headers: { 'retry-after': '3' },
      times: Infinity,
    });
    const response = await stack().graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: f.writable.id, ...f.rename },
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.updateWorkspace).toEqual(rateLimited(f));
  });

  it.each(ALL_FIXTURES)('$label: in updateWorkspaces too, each item', async (f) => {
    stack().emulator.injectFault(f.provider, {
      status: 429,
      body: f.rateLimit.body,
      headers: { 'retry-after': '3' },
      times: Infinity,
    });
    const response = await stack().graphql<{ updateWorkspaces: UpdateResult[] }>(UPDATE_MANY, {
      inputs: [
        { id: f.writable.id, ...f.change(1) },
        { id: f.otherWritable.id, ...f.change(2) },
      ],
    });
    expect(response.body.errors).toBeUndefined();
    const results = response.body.data?.updateWorkspaces ?? [];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result).toMatchObject({ __typename: 'WorkspaceRateLimitedError', provider: f.enumValue });
      expect(result.message).toMatch(new RegExp(`^${f.label} is rate limiting requests`));
    }
  });

  it.each(ALL_FIXTURES)('$label: a refused credential and a conflict keep their kinds too', async (f) => {
    // Without a fault the emulator refuses the token itself.
    const refused = await stack().graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: f.writable.id, ...f.rename },
    });
    expect(refused.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceAuthenticationError',
      provider: f.enumValue,
    });
    stack().emulator.injectFault(f.provider, f.conflict(`name taken (token ${token})`));
    const conflict = await stack().graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: f.writable.id, ...f.change(1) },
    });
    expect(conflict.body.data?.updateWorkspace).toMatchObject({ __typename: 'WorkspaceConflictError', field: 'name' });
    expect(conflict.body.data?.updateWorkspace.message).toContain('name taken (token [redacted])');
  });
});

/** A token with characters that percent-encoding and base64 change. */
const ODD_TOKEN = 'sk_live/Ab+cd=Ef&gh~42';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The forms a provider may echo a token in (issue 17: case-folded, percent-encoded, base64). */
const ECHOED_FORMS: Record<string, string> = {
  'as sent': ODD_TOKEN,
  'upper case': ODD_TOKEN.toUpperCase(),
  'lower case': ODD_TOKEN.toLowerCase(),
  'percent-encoded': encodeURIComponent(ODD_TOKEN),
  base64: b64(ODD_TOKEN),
  base64url: Buffer.from(ODD_TOKEN).toString('base64url'),
  'a Basic user:token': b64(`api:${ODD_TOKEN}`),
};

describe('a provider that echoes the token in another form (defect 1)', () => {
  const stack = useStack(envFor(ALL_FIXTURES, { token: ODD_TOKEN }));

  it.each(ALL_FIXTURES)('$label: no form reaches a caller, the rest of the message does', async (f) => {
    const leaks: string[] = [];
    for (const [form, echoed] of Object.entries(ECHOED_FORMS)) {
      for (const fault of f.documented4xx(`the token ${echoed} is not valid here`)) {
        stack().emulator.injectFault(f.provider, fault);
        const response = await stack().graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
          input: { id: f.writable.id, ...f.rename },
        });
        const text = JSON.stringify(response.body);
        const result = response.body.data?.updateWorkspace;
        expect(result?.__typename, `${form}, ${fault.status}`).toMatch(/^Workspace\w+Error$/);
        if (text.includes(echoed) || text.toLowerCase().includes(ODD_TOKEN.toLowerCase())) {
          leaks.push(`${form} (${fault.status})`);
        }
        expect(result?.message, `${form}, ${fault.status}`).toContain('the token [redacted] is not valid here');
      }
    }
    expect(leaks, 'forms that reached a caller').toEqual([]);
  });

  it.each(ALL_FIXTURES)('$label: in a read failure too', async (f) => {
    for (const echoed of Object.values(ECHOED_FORMS)) {
      const [forbidden] = f.documented4xx(`token ${echoed}`);
      stack().emulator.injectFault(f.provider, forbidden as Fault);
      const response = await stack().graphql(WORKSPACE_QUERY, { id: f.writable.id });
      expect(response.body.errors?.[0]?.message).toContain('token [redacted]');
      expect(JSON.stringify(response.body)).not.toContain(echoed);
    }
  });
});

const generic = (f: ProviderFixture, status: number, code: string | null) =>
  `${f.label} answered with HTTP ${status}${code ? ` (${code})` : ''}`;

/** Each provider's scrub cases (its fixture's), titled by it. */
const SCRUBBED = ALL_FIXTURES.flatMap((fixture) =>
  fixture.cases.scrubbed.map((testCase) => ({ ...testCase, fixture, title: `${fixture.label}: ${testCase.title}` })),
);

describe("a provider's 5xx or unparseable body never reaches a caller (defect 2)", () => {
  const harness = useHarness();

  it.each(ALL_FIXTURES)('$label: a 500 shows its status and code, not its text', async (f) => {
    const { emulator, update, read } = harness();
    const { body, code } = f.serverError(LEAK);
    emulator.injectFault(f.provider, { status: 500, body });
    const result = await update({ id: f.writable.id, ...f.rename });
    expect(result).toEqual({
      __typename: 'WorkspaceProviderError',
      provider: f.enumValue,
      status: 500,
      code,
      retryable: false,
      message: generic(f, 500, code),
    });

    emulator.injectFault(f.provider, { status: 500, body });
    const response = await read(f.writable.id);
    expect(response.body.errors?.[0]).toMatchObject({
      message: generic(f, 500, code),
      extensions: { code: 'PROVIDER_ERROR', status: 500 },
    });
    expectNoLeak(response.body);
  });

  it.each(ALL_FIXTURES)('$label: a 503 and a 502 that are not JSON show only their status', async (f) => {
    const { emulator, update } = harness();
    for (const status of [502, 503]) {
      emulator.injectFault(f.provider, { status, body: LEAK, times: Infinity });
      const result = await update({ id: f.writable.id, ...f.rename });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        status,
        message: generic(f, status, null),
      });
      expectNoLeak(result);
      emulator.reset();
    }
  });

  it.each(SCRUBBED)('$title', async ({ fixture, input, fault, expected, exact }) => {
    const { emulator, update } = harness();
    if (fault) emulator.injectFault(fixture.provider, fault);
    const result = await update(input);
    if (exact) expect(result).toEqual(expected);
    else expect(result).toMatchObject(expected);
    expectNoLeak(result);
  });

  it.each(ALL_FIXTURES)('$label: a documented 4xx message still passes', async (f) => {
    const { emulator, update } = harness();
    const said = 'You need the workspace admin role for this change.';
    emulator.injectFault(f.provider, f.documented4xx(said)[0] as Fault);
    const result = await update({ id: f.writable.id, ...f.rename });
    expect(result).toMatchObject({ __typename: 'WorkspacePermissionDeniedError', provider: f.enumValue });
    expect(result.message).toContain(said);
  });

  it.each(ALL_FIXTURES)(
    '$label: a 4xx body that is not JSON is not shown: the mapping reads it as empty',
    async (f) => {
      const { emulator, update } = harness();
      emulator.injectFault(f.provider, { status: 403, body: LEAK });
      const result = await update({ id: f.writable.id, ...f.rename });
      expect(result).toEqual({
        __typename: 'WorkspacePermissionDeniedError',
        provider: f.enumValue,
        message: `${f.label} does not allow this change`,
      });
    },
  );
});

describe('under NODE_ENV=production (defect 2)', () => {
  const SECRET = 'router-secret-for-tests-0123456789';
  const stack = useStack({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: SECRET });
  const post = <T>(query: string, variables: Record<string, unknown>) =>
    postGraphQL<T>(stack().url, query, variables, { [ROUTER_SECRET_HEADER]: SECRET });

  it.each(ALL_FIXTURES)('$label: a 500 shows the status and the code, an update and a read', async (f) => {
    const { body, code } = f.serverError(LEAK);
    stack().emulator.injectFault(f.provider, { status: 500, body, times: 2 });
    const update = await post<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: f.writable.id, ...f.rename },
    });
    expect(update.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceProviderError',
      status: 500,
      code,
      message: generic(f, 500, code),
    });
    const read = await post<{ workspace: WorkspaceData | null }>(WORKSPACE_QUERY, { id: f.writable.id });
    expect(read.body.errors?.[0]?.message).toBe(generic(f, 500, code));
    expectNoLeak([update.body, read.body]);
  });

  it.each(ALL_FIXTURES)('$label: a documented 4xx message still passes', async (f) => {
    const said = 'The provided value is not accepted.';
    stack().emulator.injectFault(f.provider, f.invalid(said));
    const update = await post<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: f.writable.id, ...f.rename },
    });
    expect(update.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceValidationError',
      message: `${f.label} refused the input: ${said}`,
    });
  });
});
