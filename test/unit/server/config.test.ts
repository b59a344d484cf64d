// loadConfig's refusals read as sentences: the variable, what it must be, and what it got, except
// where the value may be a secret (tokens, secrets, URLs, which may carry a password).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/server/config';

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
  ])('%j: %s', (env, message) => {
    expect(refusal(env)).toBe(`Invalid configuration: ${message}`);
  });

  it('names the scheme of a URL, never the rest of it', () => {
    expect(refusal({ BLAXEL_BASE_URL: 'ftp://x' })).toBe(
      'Invalid configuration: BLAXEL_BASE_URL must be an http(s) URL (got scheme "ftp:")',
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
    expect(refusal({ VERTRA_BASE_URL: 'not a url' })).toBe(
      'Invalid configuration: VERTRA_BASE_URL must be an http(s) URL (got a value that is not a valid URL)',
    );
  });

  it('never quotes a secret, a token or a credential mode', () => {
    const secret = 'hunter2-is-the-password';
    const envs: Record<string, string>[] = [
      { ROUTER_SECRET: 'short-hunter2' },
      { CACHE_KEY_SECRET: 'short-hunter2' },
      { VERTRA_CREDENTIALS: secret },
      { REDIS_URL: `http://u:${secret}@cache` },
      { BLAXEL_BASE_URL: `ftp://u:${secret}@host` },
    ];
    for (const env of envs) {
      const message = refusal(env);
      expect(message).toMatch(new RegExp(`^Invalid configuration: ${Object.keys(env)[0]} must `));
      expect(message).not.toContain('hunter2');
    }
    expect(refusal({ ROUTER_SECRET: 'short' })).toBe(
      'Invalid configuration: ROUTER_SECRET must be at least 16 characters',
    );
    expect(refusal({ VERTRA_CREDENTIALS: 'everyone' })).toBe(
      'Invalid configuration: VERTRA_CREDENTIALS must be one of service, tenant, caller',
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
});
