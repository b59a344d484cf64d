import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTER_SECRET_HEADER } from '../../src/server/http/router-secret';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { envName, providerAt } from '../providers';
import { startStack, type TestStack } from '../support/stack';

const SECRET = 'router-secret-for-tests-0123456789';
/** The provider made unreachable. */
const DOWN = providerAt(0);

let stack: TestStack;
beforeAll(async () => {
  // One provider is unreachable, to see what an upstream failure shows in production.
  stack = await startStack({
    NODE_ENV: 'production',
    AUTH_MODE: 'off',
    ROUTER_SECRET: SECRET,
    [envName(DOWN, 'BASE_URL')]: 'http://127.0.0.1:9/v0',
  });
});
afterAll(() => stack?.close());

async function post(body: unknown, headers: Record<string, string> = { [ROUTER_SECRET_HEADER]: SECRET }) {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('production mode (NODE_ENV=production)', () => {
  it('refuses callers without the router secret, and with a wrong one', async () => {
    expect((await post({ query: '{ __typename }' }, {})).status).toBe(401);
    expect((await post({ query: '{ __typename }' }, { [ROUTER_SECRET_HEADER]: `${SECRET}x` })).status).toBe(401);
    expect((await post({ query: '{ __typename }' })).status).toBe(200);
  });

  it('keeps /health and /ready open to the platform', async () => {
    const ready = await fetch(new URL('/ready', stack.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      providers: Object.fromEntries(PROVIDER_NAMES.map((p) => [p, { configured: true, breaker: 'closed' }])),
    });
    expect((await fetch(new URL('/health', stack.url))).status).toBe(200);
  });

  it('turns introspection off but keeps _service for composition', async () => {
    const introspection = await post({ query: '{ __schema { types { name } } }' });
    expect(introspection.status).toBe(400);
    expect(introspection.text).toMatch(/introspection/i);
    const service = await post({ query: '{ _service { sdl } }' });
    expect(service.status).toBe(200);
    expect(JSON.parse(service.text).data._service.sdl).toContain('type Workspace');
  });

  it('gives no field suggestions and no stack traces', async () => {
    const typo = await post({ query: `{ workspac(id: ${JSON.stringify(DOWN.otherWritable.id)}) { id } }` });
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/did you mean/i);
    const badId = await post({ query: '{ workspace(id: "nope") { id } }' });
    expect(badId.text).toContain('BAD_USER_INPUT');
    expect(badId.text).not.toMatch(/stacktrace|\.ts:\d+|at \w+ \(/);
  });

  it('shows no upstream URL or body in errors', async () => {
    const id = JSON.stringify(DOWN.writable.id);
    const read = await post({ query: `{ workspace(id: ${id}) { id } }` });
    const update = await post({
      query:
        'mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename ... on Error { message } } }',
      variables: { input: { id: DOWN.writable.id, ...DOWN.rename } },
    });
    for (const { text } of [read, update]) {
      expect(text).not.toMatch(/127\.0\.0\.1|http:\/\/|:9\/|v0\/workspaces/);
      expect(text).not.toContain(stack.emulator.token);
    }
    expect(JSON.parse(update.text).data.updateWorkspace.__typename).toBe('WorkspaceProviderError');
  });

  it('does not serve GraphiQL', async () => {
    const page = await fetch(stack.url, { headers: { accept: 'text/html', [ROUTER_SECRET_HEADER]: SECRET } });
    expect(await page.text()).not.toMatch(/graphiql/i);
  });

  it('keeps CSRF prevention on: a simple GET query is refused, a preflighted one is served', async () => {
    const url = `${stack.url}?query=${encodeURIComponent('{ __typename }')}`;
    expect((await fetch(url, { headers: { [ROUTER_SECRET_HEADER]: SECRET } })).status).toBe(400);
    const preflighted = await fetch(url, {
      headers: { [ROUTER_SECRET_HEADER]: SECRET, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });
});
