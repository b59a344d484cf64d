// loadConfig's refusals read as sentences: the variable, what it must be, and what it got, except
// where the value may be a secret (tokens, secrets, URLs, which may carry a password).
import { describe, expect, it } from 'vitest';
import { echoedVariables, loadConfig } from '../../../src/server/config/config';
import { envName, providerAt } from '../../providers';

/** Two providers' variables (any two). */
const [A_BASE_URL, A_CREDENTIALS] = [envName(providerAt(0), 'BASE_URL'), envName(providerAt(0), 'CREDENTIALS')];
const B_BASE_URL = envName(providerAt(1), 'BASE_URL');

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig refusals', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535 (got "abc")'],
    [{ PORT: '1.5' }, 'PORT must be a whole number from 0 to 65535 (got "1.5")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ READ_CONCURRENCY: '0' }, 'READ_CONCURRENCY must be a whole number of at least 1 (got "0")'],
    [{ UPSTREAM_TIMEOUT_MS: 'soon' }, 'UPSTREAM_TIMEOUT_MS must be a whole number of at least 1 (got "soon")'],
    [{ UPSTREAM_MAX_ATTEMPTS: '11' }, 'UPSTREAM_MAX_ATTEMPTS must be a whole number from 1 to 10 (got "11")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ AUTH_MODE: 'maybe' }, 'AUTH_MODE must be one of jwt, off (got "maybe")'],
    [{ METRICS_PORT: 'abc' }, 'METRICS_PORT must be a port number (0 to 65535) or `off` (got "abc")'],
    [{ AUTH_MODE: 'JWT' }, 'AUTH_MODE must be one of jwt, off (got "JWT"; the values are lower case)'],
    [
      { NODE_ENV: 'Production' },
      'NODE_ENV must be one of production, development, test (got "Production"; the values are lower case)',
    ],
    [{ NODE_ENV: 'prod' }, 'NODE_ENV must be one of production, development, test (got "prod")'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of production, development, test (got "staging")'],
    [
      { AUTH_MAX_TOKEN_LIFETIME: '24h' },
      'AUTH_MAX_TOKEN_LIFETIME must be a whole number of seconds, at least 1 (got "24h")',
    ],
    [
      { AUTH_MAX_TOKEN_LIFETIME: '0' },
      'AUTH_MAX_TOKEN_LIFETIME must be a whole number of seconds, at least 1 (got "0")',
    ],
  ])('%j: %s', (env, message) => {
    expect(refusal(env)).toBe(`Invalid configuration: ${message}`);
  });

  it('names the scheme of a URL, never the rest of it', () => {
    expect(refusal({ [A_BASE_URL]: 'ftp://x' })).toBe(
      `Invalid configuration: ${A_BASE_URL} must be an http(s) URL (got scheme "ftp:")`,
    );
    expect(refusal({ AUTH_JWKS_URL: 'file:///etc/keys.json' })).toBe(
      'Invalid configuration: AUTH_JWKS_URL must be an http(s) URL (got scheme "file:")',
    );
    const redis = refusal({ REDIS_URL: 'http://user:hunter2-password@cache:6379' });
    expect(redis).toBe('Invalid configuration: REDIS_URL must be a redis:// or rediss:// URL (got scheme "http:")');
    const notUrl = refusal({ REDIS_URL: 'cache-host:hunter2-password' });
    expect(notUrl).toBe(
      'Invalid configuration: REDIS_URL must be a redis:// or rediss:// URL (got a value that is not a valid URL)',
    );
    expect(refusal({ [B_BASE_URL]: 'not a url' })).toBe(
      `Invalid configuration: ${B_BASE_URL} must be an http(s) URL (got a value that is not a valid URL)`,
    );
  });

  it('never quotes a secret, a token or a credential mode', () => {
    const secret = 'hunter2-is-the-password';
    const envs: Record<string, string>[] = [
      { ROUTER_SECRET: 'short-hunter2' },
      { CACHE_KEY_SECRET: 'short-hunter2' },
      { [A_CREDENTIALS]: secret },
      { REDIS_URL: `http://u:${secret}@cache` },
      { [A_BASE_URL]: `ftp://u:${secret}@host` },
    ];
    for (const env of envs) {
      const message = refusal(env);
      expect(message).toMatch(new RegExp(`^Invalid configuration: ${Object.keys(env)[0]} must `));
      expect(message).not.toContain('hunter2');
    }
    expect(refusal({ ROUTER_SECRET: 'short' })).toBe(
      'Invalid configuration: ROUTER_SECRET must be at least 16 characters',
    );
    expect(refusal({ [A_CREDENTIALS]: 'everyone' })).toBe(
      `Invalid configuration: ${A_CREDENTIALS} must be one of service, tenant, caller`,
    );
  });

  it('lists several problems in one message', () => {
    expect(refusal({ PORT: 'x', LOG_LEVEL: 'y' })).toBe(
      'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "x"); LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "y")',
    );
  });

  it('clips a long value', () => {
    expect(refusal({ PORT: '9'.repeat(60) })).toBe(
      `Invalid configuration: PORT must be a whole number from 0 to 65535 (got "${'9'.repeat(40)}…")`,
    );
  });

  it('quotes a value by one rule: numbers and fixed words, in a variable whose name does not say credential', () => {
    expect(echoedVariables()).toEqual([
      'NODE_ENV',
      'PORT',
      'METRICS_PORT',
      'WORKSPACE_EMULATOR',
      'GRAPHIQL',
      'UPSTREAM_CONNECT_TIMEOUT_MS',
      'UPSTREAM_HEADERS_TIMEOUT_MS',
      'UPSTREAM_BODY_TIMEOUT_MS',
      'UPSTREAM_TIMEOUT_MS',
      'UPSTREAM_BUDGET_MS',
      'UPSTREAM_MAX_ATTEMPTS',
      'UPSTREAM_RETRY_AFTER_CAP_MS',
      'UPSTREAM_MAX_RESPONSE_BYTES',
      'UPSTREAM_CONNECTIONS',
      'BREAKER_THRESHOLD',
      'BREAKER_HALF_OPEN_AFTER_MS',
      'READ_CONCURRENCY',
      'WRITE_CONCURRENCY',
      'REQUEST_DEADLINE_MS',
      'BULK_DEADLINE_MS',
      'MAX_REQUEST_WRITES',
      'MAX_REQUEST_READS',
      'MAX_BATCH_OPERATIONS',
      'TENANT_WRITE_RATE',
      'MAX_BODY_BYTES',
      'READ_CACHE_TTL_SECONDS',
      'GRAPHQL_EXECUTOR',
      'LOG_LEVEL',
      'AUTH_MODE',
      'AUTH_MAX_TOKEN_LIFETIME',
    ]);
    // A case slip is said even where the value is not quoted.
    expect(refusal({ [A_CREDENTIALS]: 'Tenant' })).toBe(
      `Invalid configuration: ${A_CREDENTIALS} must be one of service, tenant, caller (the values are lower case)`,
    );
  });
});

describe('NODE_ENV', () => {
  it('production, development and test are accepted; unset or empty is development', () => {
    const router = { AUTH_MODE: 'off', ROUTER_SECRET: 'a-router-secret-of-32-characters' };
    expect(loadConfig({ NODE_ENV: 'production', ...router }).production).toBe(true);
    for (const env of [{ NODE_ENV: 'development' }, { NODE_ENV: 'test' }, {}, { NODE_ENV: '' }]) {
      const config = loadConfig(env);
      expect(config.production).toBe(false);
      expect(config.auth).toEqual({ mode: 'off' });
      expect(config.emulator).toBe(true);
    }
  });

  it.each(['Production', 'PRODUCTION', 'prod', 'staging', 'dev', ' production'])(
    '%j is refused: never development defaults by a typo',
    (value) => {
      expect(refusal({ NODE_ENV: value })).toMatch(
        /^Invalid configuration: NODE_ENV must be one of production, development, test/,
      );
    },
  );
});

describe('production: who may call is never left open', () => {
  const jwt = { NODE_ENV: 'production', AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'https://idp.example/jwks' };
  const issuer = 'https://idp.example/';
  const audience = 'workspace-subgraph';

  it('AUTH_MODE=jwt needs AUTH_ISSUER and AUTH_AUDIENCE, naming the ones missing (empty counts as missing)', () => {
    expect(refusal(jwt)).toMatch(
      /^Invalid configuration: AUTH_ISSUER and AUTH_AUDIENCE must both be set under NODE_ENV=production with AUTH_MODE=jwt: /,
    );
    expect(refusal({ ...jwt, AUTH_ISSUER: issuer })).toMatch(/^Invalid configuration: AUTH_AUDIENCE must be set /);
    expect(refusal({ ...jwt, AUTH_AUDIENCE: audience })).toMatch(/^Invalid configuration: AUTH_ISSUER must be set /);
    expect(refusal({ ...jwt, AUTH_ISSUER: '', AUTH_AUDIENCE: audience })).toMatch(/AUTH_ISSUER must be set/);
    // With a JWKS file too.
    expect(refusal({ NODE_ENV: 'production', AUTH_MODE: 'jwt', AUTH_JWKS_FILE: '/keys.json' })).toMatch(
      /AUTH_ISSUER and AUTH_AUDIENCE/,
    );
    expect(loadConfig({ ...jwt, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience }).auth).toMatchObject({
      mode: 'jwt',
      issuer,
      audience,
      maxTokenLifetimeSeconds: 86_400,
    });
  });

  it('outside production, AUTH_ISSUER and AUTH_AUDIENCE stay optional', () => {
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'https://idp.example/jwks' }).auth).toMatchObject({
      issuer: undefined,
      audience: undefined,
    });
  });

  it('AUTH_MODE=off needs ROUTER_SECRET', () => {
    expect(refusal({ NODE_ENV: 'production', AUTH_MODE: 'off' })).toBe(
      'Invalid configuration: ROUTER_SECRET must be set under NODE_ENV=production with AUTH_MODE=off: callers are not authenticated here, so only the router (which sends it in x-router-secret) may call',
    );
    const secret = 'a-router-secret-of-32-characters';
    expect(loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: secret }).routerSecret).toBe(secret);
    // Outside production, a router secret stays optional.
    expect(loadConfig({ AUTH_MODE: 'off' }).routerSecret).toBeUndefined();
  });

  it('AUTH_MAX_TOKEN_LIFETIME is a number of seconds (default 86400)', () => {
    const env = { AUTH_MODE: 'jwt', AUTH_JWKS_FILE: '/keys.json' };
    expect(loadConfig(env).auth).toMatchObject({ maxTokenLifetimeSeconds: 86_400 });
    expect(loadConfig({ ...env, AUTH_MAX_TOKEN_LIFETIME: '3600' }).auth).toMatchObject({
      maxTokenLifetimeSeconds: 3600,
    });
  });
});
