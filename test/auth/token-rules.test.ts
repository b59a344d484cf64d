// What a verified token must also be (issue 17, defect 3), over real HTTP with AUTH_MODE=jwt: a
// `sub`, a `typ` header (when there is one) of a JWT or an access token, an `exp` at most
// AUTH_MAX_TOKEN_LIFETIME away, and one Authorization header. Each refusal is the usual 401, and
// nothing reaches a provider.
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UPDATE_MUTATION, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { startStack, type TestStack } from '../support/stack';
import { providerAt } from '../providers';

const WRITE = 'workspaces:read workspaces:write';
/** The workspace the requests update (any provider's). */
const P = providerAt(0);
const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

let key: TestKey;
let jwks: JwksServer;
let stack: TestStack;
/** The same, with AUTH_MAX_TOKEN_LIFETIME=3600. */
let shortLived: TestStack;

beforeAll(async () => {
  key = await makeKey('ES256');
  jwks = await serveJwks([key]);
  [stack, shortLived] = await Promise.all([
    startStack(jwtEnv(jwks)),
    startStack({ ...jwtEnv(jwks), AUTH_MAX_TOKEN_LIFETIME: '3600' }),
  ]);
});

afterAll(async () => {
  await Promise.all([stack?.close(), shortLived?.close()]);
  await jwks?.close();
});

beforeEach(() => {
  stack.emulator.reset();
  shortLived.emulator.reset();
});

async function update(token: string, on: TestStack = stack) {
  return postGraphQL<{ updateWorkspace: UpdateResult }>(
    on.url,
    UPDATE_MUTATION,
    { input: { id: P.writable.id, ...P.rename } },
    { authorization: `Bearer ${token}` },
  );
}

function expectRefused(response: Awaited<ReturnType<typeof postGraphQL>>, reason: RegExp, on: TestStack = stack) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  expect(response.body.errors?.[0]?.message).toMatch(reason);
  expect(calls(on.emulator)).toEqual([]);
}

function expectUpdated(response: Awaited<ReturnType<typeof update>>) {
  expect(response.status).toBe(200);
  expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
}

describe('sub is required', () => {
  it('a token without sub is 401', async () => {
    expectRefused(await update(await signToken({ key, claims: { sub: undefined, scope: WRITE } })), /"sub"/);
  });

  it.each([[''], [42], [['alice']]])('a sub of %j is 401', async (sub) => {
    expectRefused(await update(await signToken({ key, claims: { sub, scope: WRITE } })), /"sub"/);
  });
});

describe('typ, when present, is a JWT or an access token', () => {
  it.each(['JWT', 'jwt', 'at+jwt', 'AT+JWT', 'application/at+jwt', 'application/jwt', undefined])(
    'typ %s is accepted',
    async (typ) => {
      expectUpdated(await update(await signToken({ key, header: { typ }, claims: { scope: WRITE } })));
    },
  );

  it.each(['id_token+jwt', 'logout+jwt', 'dpop+jwt', 'secevent+jwt', 'JOSE', 'at+jwt ', '', 1])(
    'typ %j is 401',
    async (typ) => {
      expectRefused(await update(await signToken({ key, header: { typ }, claims: { scope: WRITE } })), /"typ"/);
    },
  );
});

describe('exp at most AUTH_MAX_TOKEN_LIFETIME away (default 24 hours)', () => {
  it('23 hours away is accepted; 25 hours, a year or a century away is 401', async () => {
    expectUpdated(await update(await signToken({ key, exp: now() + 23 * HOUR, claims: { scope: WRITE } })));
    for (const away of [25 * HOUR, 365 * 24 * HOUR, 100 * 365 * 24 * HOUR]) {
      stack.emulator.reset();
      expectRefused(await update(await signToken({ key, exp: now() + away, claims: { scope: WRITE } })), /"exp"/);
    }
  });

  it('exactly 24 hours away (as an identity provider issues it, a little before) is accepted', async () => {
    expectUpdated(await update(await signToken({ key, exp: now() + 24 * HOUR, claims: { scope: WRITE } })));
  });

  it('AUTH_MAX_TOKEN_LIFETIME=3600 (seconds): 50 minutes accepted, 2 hours refused', async () => {
    expectUpdated(await update(await signToken({ key, exp: now() + 50 * 60, claims: { scope: WRITE } }), shortLived));
    shortLived.emulator.reset();
    expectRefused(
      await update(await signToken({ key, exp: now() + 2 * HOUR, claims: { scope: WRITE } }), shortLived),
      /more than 3600 s away/,
      shortLived,
    );
  });
});

describe('two Authorization headers', () => {
  /** A POST with these raw header lines (fetch would join two values into one). */
  function postRaw(url: string, headers: [string, string][], body: string) {
    return new Promise<{ status: number; text: string; wwwAuthenticate: string | undefined }>((resolve, reject) => {
      const target = new URL(url);
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST' },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text,
              wwwAuthenticate: res.headers['www-authenticate'],
            }),
          );
        },
      );
      req.on('error', reject);
      for (const [name, value] of [['content-type', 'application/json'], ...headers] as [string, string][]) {
        req.appendHeader(name, value);
      }
      req.end(body);
    });
  }

  it('are 401, even when both carry a good token, and nothing is sent', async () => {
    const good = await signToken({ key, claims: { scope: WRITE } });
    const other = await signToken({ key, claims: { sub: 'mallory', scope: WRITE } });
    const body = JSON.stringify({
      query: UPDATE_MUTATION,
      variables: { input: { id: P.writable.id, ...P.rename } },
    });
    for (const second of [good, other, 'not-a-token']) {
      const response = await postRaw(
        stack.url,
        [
          ['authorization', `Bearer ${good}`],
          ['authorization', `Bearer ${second}`],
        ],
        body,
      );
      expect(response.status).toBe(401);
      expect(response.wwwAuthenticate).toBe('Bearer');
      const parsed = JSON.parse(response.text) as { errors?: { extensions?: Record<string, unknown> }[] };
      expect(parsed.errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    }
    expect(calls(stack.emulator)).toEqual([]);
    // One of them alone updates.
    expectUpdated(await update(good));
  });
});
