// The `npm start` path: configuration from the environment, the embedded emulator serving the
// providers without a base URL (on by default, off under NODE_ENV=production unless
// WORKSPACE_EMULATOR=on), the subgraph on an ephemeral port.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator';
import { loadConfig } from '../../src/server/config/config';
import { createLogger } from '../../src/server/logging/logger';
import { ROUTER_SECRET_HEADER } from '../../src/server/http/router-secret';
import { startSubgraph, type RunningSubgraph } from '../../src/server/start';
import { ALL_FIXTURES, envName, providerAt, providerWith } from '../providers';
import {
  calls,
  expectNoSecrets,
  postGraphQL,
  UPDATE_MUTATION,
  WORKSPACE_QUERY,
  type UpdateInput,
  type UpdateResult,
  type WorkspaceData,
} from './helpers';

const BASE_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', METRICS_PORT: 'off' };
/** Production with AUTH_MODE=off needs ROUTER_SECRET; every request here sends it (ignored where unset). */
const ROUTER_SECRET = 'router-secret-for-tests-0123456789';
const FROM_ROUTER = { [ROUTER_SECRET_HEADER]: ROUTER_SECRET };

/** startSubgraph(loadConfig(env)) for the enclosing describe, closed after it. */
function useSubgraph(env: Record<string, string> | (() => Record<string, string>)): () => RunningSubgraph {
  let running: RunningSubgraph | undefined;
  beforeAll(async () => {
    const values = typeof env === 'function' ? env() : env;
    running = await startSubgraph(loadConfig({ ...BASE_ENV, ...values }), createLogger('silent'));
  });
  beforeEach(() => {
    running?.emulator?.reset();
  });
  afterAll(async () => {
    await running?.close();
  });
  return () => {
    if (!running) throw new Error('the subgraph did not start');
    return running;
  };
}

async function update(running: RunningSubgraph, input: UpdateInput): Promise<UpdateResult> {
  const response = await postGraphQL<{ updateWorkspace: UpdateResult }>(
    running.server.url,
    UPDATE_MUTATION,
    { input },
    FROM_ROUTER,
  );
  expect(response.body.errors).toBeUndefined();
  if (running.emulator) expectNoSecrets(JSON.stringify(response.body), [running.emulator.token]);
  return response.body.data?.updateWorkspace as UpdateResult;
}

describe('npm start with no provider configured (development default)', () => {
  const running = useSubgraph({});

  it('starts the embedded emulator', () => {
    expect(running().emulator).toBeDefined();
    expect(running().server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });

  it.each(ALL_FIXTURES)('$label: updates a seeded workspace through it', async (fixture) => {
    const emulator = running().emulator as Emulator;
    const result = await update(running(), { id: fixture.writable.id, ...fixture.rename });

    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace?.id).toBe(fixture.writable.id);
    const request = emulator.requests.at(-1);
    expect([request?.provider, request?.method, request?.path]).toEqual([
      fixture.provider,
      fixture.updateMethod,
      fixture.writable.path,
    ]);
    expect(request?.headers['authorization']).toBe(`Bearer ${emulator.token}`);
  });

  it.each(ALL_FIXTURES)('$label: serves reads too', async (fixture) => {
    const response = await postGraphQL<{ workspace: WorkspaceData }>(running().server.url, WORKSPACE_QUERY, {
      id: fixture.otherWritable.id,
    });
    expect(response.body.data?.workspace.name).toBe(fixture.otherWritable.name);
  });

  it('answers GET /health', async () => {
    const response = await fetch(new URL('/health', running().server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('npm start with NODE_ENV=production and no base URLs', () => {
  const running = useSubgraph({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET });

  it('does not start the emulator', () => {
    expect(running().emulator).toBeUndefined();
  });

  it.each(ALL_FIXTURES)('$label: update gives WorkspaceProviderError PROVIDER_NOT_CONFIGURED', async (fixture) => {
    const result = await update(running(), { id: fixture.writable.id, ...fixture.rename });
    expect(result).toEqual({
      __typename: 'WorkspaceProviderError',
      message: expect.stringMatching(/\S/),
      provider: fixture.enumValue,
      status: null,
      code: 'PROVIDER_NOT_CONFIGURED',
      retryable: false,
    });
  });

  it.each(ALL_FIXTURES)('$label: a read is a PROVIDER_NOT_CONFIGURED GraphQL error', async (fixture) => {
    const response = await postGraphQL(running().server.url, WORKSPACE_QUERY, { id: fixture.writable.id }, FROM_ROUTER);
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('PROVIDER_NOT_CONFIGURED');
  });
});

describe('npm start with NODE_ENV=production and WORKSPACE_EMULATOR=on', () => {
  const running = useSubgraph({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET, WORKSPACE_EMULATOR: 'on' });

  it('starts the emulator and updates through it', async () => {
    expect(running().emulator).toBeDefined();
    const [success] = providerAt(0).cases.success;
    if (!success) throw new Error('a provider without a success case');
    const result = await update(running(), success.input);
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace).toMatchObject(success.workspace);
  });

  it('sends null where the provider documents it nullable', async () => {
    const f = providerWith('with a nullable field', (p) => p.nullable.length > 0);
    const field = f.nullable[0] as string;
    const result = await update(running(), { id: f.writable.id, [field]: null });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace?.[field as 'description']).toBeNull();
  });
});

describe('npm start with WORKSPACE_EMULATOR=off in development', () => {
  const running = useSubgraph({ WORKSPACE_EMULATOR: 'off' });

  it('does not start the emulator; providers are not configured', async () => {
    expect(running().emulator).toBeUndefined();
    const f = providerAt(0);
    const result = await update(running(), { id: f.writable.id, ...f.rename });
    expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', code: 'PROVIDER_NOT_CONFIGURED' });
  });
});

describe('npm start with one provider configured', () => {
  let external: Emulator;
  beforeAll(async () => {
    external = await startEmulator({ token: 'external-provider-token' });
  });
  afterAll(async () => {
    await external.close();
  });
  const [configured, other] = [providerAt(0), providerAt(1)];
  // Read when the subgraph starts, after the external emulator is listening.
  const running = useSubgraph(() => ({
    [envName(configured, 'BASE_URL')]: external.baseUrls[configured.provider],
    [envName(configured, 'API_TOKEN')]: 'external-provider-token',
  }));

  it('calls that provider at its base URL and serves the others from the embedded emulator', async () => {
    const embedded = running().emulator as Emulator;
    expect(embedded).toBeDefined();
    external.clearRequests();

    const one = await update(running(), { id: configured.otherWritable.id, ...configured.change(1) });
    expect(one.__typename).toBe('UpdateWorkspaceSuccess');
    const two = await update(running(), { id: other.otherWritable.id, ...other.change(1) });
    expect(two.__typename).toBe('UpdateWorkspaceSuccess');
    expect(calls(external)).toEqual([`${configured.updateMethod} ${configured.otherWritable.path}`]);
    expect(external.requests[0]?.headers['authorization']).toBe('Bearer external-provider-token');
    expect(calls(embedded)).toEqual([`${other.updateMethod} ${other.otherWritable.path}`]);
  });
});
