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
import { PROVIDER_LABELS } from '../../src/domain/provider';
import { ROUTER_SECRET_HEADER } from '../../src/server/security';
import { startStack, type TestStack } from '../support/stack';
import {
  ALL_FIXTURES,
  envFor,
  FIXTURES,
  postGraphQL,
  PROVIDERS,
  TEST_UPSTREAM_ENV,
  UPDATE_MUTATION,
  useHarness,
  WORKSPACE_QUERY,
  type Provider,
  type UpdateResult,
  type WorkspaceData,
} from './helpers';

const UPDATE_MANY = print(UpdateWorkspacesDocument);

/** What the review found in a Vertra 500 body. */
const LEAK = 'db=postgres://admin:hunter2@10.0.0.5/workspaces: connection refused';

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

describe.each(['t', 'a', 'e'])('with a one-character Vertra token, %s (defect 1)', (token) => {
  const stack = useStack(envFor(['vertra'], { token }));
  const rateLimited = {
    __typename: 'WorkspaceRateLimitedError',
    provider: 'VERTRA',
    retryAfterSeconds: 3,
    message: 'Vertra Cloud is rate limiting requests: Too many requests',
  };

  it('a 429 is a WorkspaceRateLimitedError with intact fields', async () => {
    stack().emulator.injectFault('vertra', {
      status: 429,
      body: FIXTURES.vertra.rateLimitBody,
      headers: { 'retry-after': '3' },
      times: Infinity,
    });
    const response = await stack().graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: 'vertra:org123', name: 'renamed' },
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.updateWorkspace).toEqual(rateLimited);
  });

  it('in updateWorkspaces too, each item', async () => {
    stack().emulator.injectFault('vertra', {
      status: 429,
      body: FIXTURES.vertra.rateLimitBody,
      headers: { 'retry-after': '3' },
      times: Infinity,
    });
    const response = await stack().graphql<{ updateWorkspaces: UpdateResult[] }>(UPDATE_MANY, {
      inputs: [
        { id: 'vertra:org123', name: 'renamed' },
        { id: 'vertra:org456', name: 'renamed-too' },
      ],
    });
    expect(response.body.errors).toBeUndefined();
    const results = response.body.data?.updateWorkspaces ?? [];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result).toMatchObject({ __typename: 'WorkspaceRateLimitedError', provider: 'VERTRA' });
      expect(result.message).toMatch(/^Vertra Cloud is rate limiting requests/);
    }
  });

  it('a refused credential (401) and a 409 keep their kinds too', async () => {
    // Without a fault the emulator refuses the token itself.
    const refused = await stack().graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: 'vertra:org123', name: 'renamed' },
    });
    expect(refused.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceAuthenticationError',
      provider: 'VERTRA',
    });
    stack().emulator.injectFault('vertra', {
      status: 409,
      body: { code: 'ORGANIZATION_NAME_ALREADY_EXISTS', message: `name taken (token ${token})` },
    });
    const conflict = await stack().graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: 'vertra:org123', name: 'renamed' },
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

/** Each provider's documented 4xx envelopes, saying `said` where its mapping shows it. */
function documented4xx(provider: Provider, said: string): Fault[] {
  const faults: Record<Provider, { status: number; body: unknown }[]> = {
    blaxel: [
      { status: 403, body: { error: 'forbidden', message: said } },
      { status: 400, body: { error: 'bad_request', message: said } },
    ],
    dreadnode: [
      { status: 403, body: { code: 403, detail: said, type: 'permission_error' } },
      {
        status: 422,
        body: { code: 422, detail: said, type: 'validation_error', errors: [{ loc: ['body', 'name'], msg: said }] },
      },
    ],
    flashback: [
      { status: 403, body: { success: false, message: said } },
      { status: 400, body: { success: false, message: said } },
    ],
    vertra: [
      { status: 403, body: { code: 'FORBIDDEN', message: said } },
      { status: 400, body: { code: 'NAME_TOO_LONG', message: said } },
    ],
    altostrat: [
      { status: 403, body: { type: 'permission_error', code: 'forbidden', message: said } },
      { status: 400, body: { type: 'invalid_request_error', code: 'parameter_invalid', message: said } },
    ],
    terraform: [
      { status: 403, body: { errors: [{ status: '403', title: 'forbidden', detail: said }] } },
      {
        status: 422,
        body: {
          errors: [{ status: '422', title: 'invalid', detail: said, source: { pointer: '/data/attributes/name' } }],
        },
      },
    ],
  };
  return faults[provider];
}

describe('a provider that echoes the token in another form (defect 1)', () => {
  const stack = useStack(envFor(PROVIDERS, { token: ODD_TOKEN }));

  it.each(ALL_FIXTURES)('$enumValue: no form reaches a caller, the rest of the message does', async (f) => {
    const leaks: string[] = [];
    for (const [form, echoed] of Object.entries(ECHOED_FORMS)) {
      for (const fault of documented4xx(f.provider, `the token ${echoed} is not valid here`)) {
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

  it('in a read failure too', async () => {
    for (const echoed of Object.values(ECHOED_FORMS)) {
      stack().emulator.injectFault('vertra', { status: 403, body: { code: 'FORBIDDEN', message: `token ${echoed}` } });
      const response = await stack().graphql(WORKSPACE_QUERY, { id: 'vertra:org123' });
      expect(response.body.errors?.[0]?.message).toContain('token [redacted]');
      expect(JSON.stringify(response.body)).not.toContain(echoed);
    }
  });
});

/** Each provider's 5xx envelope, with the leak where its message goes, and the code it carries. */
const SERVER_ERRORS: Record<Provider, { body: unknown; code: string | null }> = {
  blaxel: { body: { error: 'internal_error', message: LEAK }, code: 'internal_error' },
  dreadnode: { body: { code: 500, detail: LEAK, type: 'internal_error' }, code: 'internal_error' },
  flashback: { body: { success: false, message: LEAK }, code: null },
  vertra: { body: { code: 'INTERNAL_ERROR', message: LEAK }, code: 'INTERNAL_ERROR' },
  altostrat: {
    body: { type: 'api_error', code: 'internal_server_error', message: LEAK },
    code: 'internal_server_error',
  },
  terraform: {
    body: { errors: [{ status: '500', title: 'internal server error', detail: LEAK }] },
    code: 'internal server error',
  },
};

const generic = (provider: Provider, status: number, code: string | null) =>
  `${PROVIDER_LABELS[provider]} answered with HTTP ${status}${code ? ` (${code})` : ''}`;

describe("a provider's 5xx or unparseable body never reaches a caller (defect 2)", () => {
  const harness = useHarness();

  it.each(ALL_FIXTURES)('$enumValue: a 500 shows its status and code, not its text', async (f) => {
    const { emulator, update, read } = harness();
    const { body, code } = SERVER_ERRORS[f.provider];
    emulator.injectFault(f.provider, { status: 500, body });
    const result = await update({ id: f.writable.id, ...f.rename });
    expect(result).toEqual({
      __typename: 'WorkspaceProviderError',
      provider: f.enumValue,
      status: 500,
      code,
      retryable: false,
      message: generic(f.provider, 500, code),
    });

    emulator.injectFault(f.provider, { status: 500, body });
    const response = await read(f.writable.id);
    expect(response.body.errors?.[0]).toMatchObject({
      message: generic(f.provider, 500, code),
      extensions: { code: 'PROVIDER_ERROR', status: 500 },
    });
    expectNoLeak(response.body);
  });

  it.each(ALL_FIXTURES)('$enumValue: a 503 and a 502 that are not JSON show only their status', async (f) => {
    const { emulator, update } = harness();
    for (const status of [502, 503]) {
      emulator.injectFault(f.provider, { status, body: LEAK, times: Infinity });
      const result = await update({ id: f.writable.id, ...f.rename });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        status,
        message: generic(f.provider, status, null),
      });
      expectNoLeak(result);
      emulator.reset();
    }
  });

  it('a "code" that is not one (a sentence, a connection string) is not shown either', async () => {
    const { emulator, update } = harness();
    emulator.injectFault('blaxel', { status: 500, body: { error: LEAK } });
    const result = await update({ id: FIXTURES.blaxel.writable.id, displayName: 'x' });
    expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', status: 500, code: null });
    expectNoLeak(result);
  });

  it('a 5xx the mapping reads as a validation error keeps its paths and codes, not the text', async () => {
    const { emulator, update } = harness();
    // Vertra's documented codes take precedence over the status.
    emulator.injectFault('vertra', { status: 500, body: { code: 'DESCRIPTION_MUST_BE_A_STRING', message: LEAK } });
    const result = await update({ id: 'vertra:org123', description: 'text' });
    expect(result).toMatchObject({
      __typename: 'WorkspaceValidationError',
      message: 'Vertra Cloud answered with HTTP 500',
    });
    expect(result.fieldErrors).toEqual([
      { path: ['input', 'description'], code: 'INVALID', message: 'Vertra Cloud refused this value.' },
    ]);
    expectNoLeak(result);
  });

  it.each(ALL_FIXTURES)('$enumValue: a documented 4xx message still passes', async (f) => {
    const { emulator, update } = harness();
    const said = 'You need the workspace admin role for this change.';
    emulator.injectFault(f.provider, documented4xx(f.provider, said)[0] as Fault);
    const result = await update({ id: f.writable.id, ...f.rename });
    expect(result).toMatchObject({ __typename: 'WorkspacePermissionDeniedError', provider: f.enumValue });
    expect(result.message).toContain(said);
  });

  it('a 4xx body that is not JSON is not shown: the mapping reads it as empty', async () => {
    const { emulator, update } = harness();
    emulator.injectFault('vertra', { status: 403, body: LEAK });
    const result = await update({ id: 'vertra:org123', name: 'renamed' });
    expect(result).toEqual({
      __typename: 'WorkspacePermissionDeniedError',
      provider: 'VERTRA',
      message: 'Vertra Cloud does not allow this change',
    });
  });
});

describe('under NODE_ENV=production (defect 2)', () => {
  const SECRET = 'router-secret-for-tests-0123456789';
  const stack = useStack({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: SECRET });
  const post = <T>(query: string, variables: Record<string, unknown>) =>
    postGraphQL<T>(stack().url, query, variables, { [ROUTER_SECRET_HEADER]: SECRET });

  it('a 500 shows the status and the code, an update and a read', async () => {
    stack().emulator.injectFault('vertra', { status: 500, body: SERVER_ERRORS.vertra.body, times: 2 });
    const update = await post<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: 'vertra:org123', name: 'renamed' },
    });
    expect(update.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceProviderError',
      status: 500,
      code: 'INTERNAL_ERROR',
      message: 'Vertra Cloud answered with HTTP 500 (INTERNAL_ERROR)',
    });
    const read = await post<{ workspace: WorkspaceData | null }>(WORKSPACE_QUERY, { id: 'vertra:org123' });
    expect(read.body.errors?.[0]?.message).toBe('Vertra Cloud answered with HTTP 500 (INTERNAL_ERROR)');
    expectNoLeak([update.body, read.body]);
  });

  it('a documented 4xx message still passes', async () => {
    stack().emulator.injectFault('vertra', {
      status: 400,
      body: { code: 'NAME_TOO_LONG', message: 'The provided name exceeds 50 characters.' },
    });
    const update = await post<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
      input: { id: 'vertra:org123', name: 'renamed' },
    });
    expect(update.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceValidationError',
      message: 'Vertra Cloud refused the input: The provided name exceeds 50 characters.',
    });
  });
});
