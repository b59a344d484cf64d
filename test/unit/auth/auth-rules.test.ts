import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type OperationDefinitionNode, type FragmentDefinitionNode, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { bearerTokenOf } from '../../../src/auth/bearer-token';
import { callerOf, scopesOf } from '../../../src/auth/claims';
import { isSchemaOnlyOperation } from '../../../src/auth/schema-only-operation';
import { callerTokenHeader, credentialFor, TenantCredentials, type TenantTable } from '../../../src/credentials';
import { UNVERIFIED_CALLER, hasScope } from '../../../src/domain/caller';
import { loadConfig } from '../../../src/server/config/config';
import { envName, providerAt } from '../../providers';

/** Three providers (any). */
const [A, B, C] = [providerAt(0), providerAt(1), providerAt(2)];

function schemaOnly(source: string): boolean {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return isSchemaOnlyOperation(operation, fragments);
}

describe('the operation answered without a token', () => {
  it.each([
    ['{ _service { sdl } }', true],
    ['{ __typename }', true],
    ['query { __typename _service { sdl } }', true],
    ['{ ... on Query { _service { sdl } } }', true],
    ['{ ...S } fragment S on Query { _service { sdl } }', true],
    // A fragment that spreads itself does not validate: refused rather than followed.
    ['{ ...S } fragment S on Query { ...S _service { sdl } }', false],
    // Once each, under its own name: aliases would multiply the SDL in one anonymous response.
    ['{ a: _service { sdl } }', false],
    ['{ _service { sdl } b: _service { sdl } }', false],
    ['{ _service { sdl } ... on Query { _service { sdl } } }', false],
    ['{ _service { a: sdl b: sdl } }', false],
    ['{ _service { sdl sdl } }', false],
    ['{ t: __typename }', false],
    [`{ workspace(id: "${A.provider}:x") { id } }`, false],
    ['{ _service { sdl } _entities(representations: []) { __typename } }', false],
    ['{ ...S } fragment S on Query { workspace(id: "x") { id } }', false],
    ['{ __schema { types { name } } }', false],
    ['mutation { __typename }', false],
  ])('%s -> %s', (source, expected) => {
    expect(schemaOnly(source)).toBe(expected);
  });
});

describe('claims', () => {
  it('scopes from scope and scp, strings or arrays', () => {
    expect([...scopesOf({ scope: 'a b  c' })]).toEqual(['a', 'b', 'c']);
    expect([...scopesOf({ scp: ['a', 'b', 3] })]).toEqual(['a', 'b']);
    expect([...scopesOf({ scp: 'a b' })]).toEqual(['a', 'b']);
    expect([...scopesOf({})]).toEqual([]);
  });

  it('the tenant from the configured claim, only when a non-empty string', () => {
    expect(callerOf({ sub: 's', org: 'acme' }, 'org')).toMatchObject({ subject: 's', tenant: 'acme' });
    expect(callerOf({ tenant: ['acme'] }, 'tenant').tenant).toBeNull();
    expect(callerOf({ tenant: '' }, 'tenant').tenant).toBeNull();
  });

  it('AUTH_MODE=off refuses nothing for want of a scope; a verified caller needs the scope', () => {
    expect(hasScope(UNVERIFIED_CALLER, 'workspaces:write')).toBe(true);
    expect(hasScope({ subject: null, tenant: null, scopes: new Set(['workspaces:read']) }, 'workspaces:write')).toBe(
      false,
    );
  });

  it('bearer tokens', () => {
    expect(bearerTokenOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf('Basic abc')).toBeNull();
    expect(bearerTokenOf('Bearer ')).toBeNull();
    expect(bearerTokenOf('Bearer a b')).toBeNull();
    expect(bearerTokenOf(undefined)).toBeNull();
  });
});

describe('credentials', () => {
  const request = (headers: Record<string, string>, tenant: string | null = null, tenants?: TenantTable) => ({
    caller: { subject: null, tenant, scopes: null },
    header: (name: string) => headers[name],
    tenants,
  });

  it("caller mode reads only the provider's own header", () => {
    for (const f of [A, B, C]) expect(callerTokenHeader(f.provider)).toBe(f.tokenHeader);
    const headers = { [A.tokenHeader]: 'a-token', [B.tokenHeader]: 'b-token' };
    expect(credentialFor(A.provider, { mode: 'caller' }, request(headers))).toEqual({ ok: true, token: 'a-token' });
    expect(credentialFor(C.provider, { mode: 'caller' }, request(headers))).toMatchObject({
      ok: false,
      failure: { kind: 'authentication', provider: C.provider },
    });
  });

  it('service mode ignores what the caller sends', () => {
    expect(credentialFor(A.provider, { mode: 'service', token: 'svc' }, request({ [A.tokenHeader]: 'mine' }))).toEqual({
      ok: true,
      token: 'svc',
    });
    expect(credentialFor(A.provider, { mode: 'service', token: undefined }, request({})).ok).toBe(false);
  });

  it("tenant mode reads the request's snapshot: every provider of a request, the same version of the file", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
    writeFileSync(file, JSON.stringify({ acme: { [A.provider]: 'a1', [B.provider]: 'b1' } }));
    const tenants = new TenantCredentials(file);
    const policy = { mode: 'tenant' as const, tenants };
    const before = request({}, 'acme', tenants.snapshot());
    expect(credentialFor(A.provider, policy, before)).toEqual({ ok: true, token: 'a1' });
    // The file is rotated while the request runs: its other providers still read the version it started with.
    writeFileSync(file, JSON.stringify({ acme: { [A.provider]: 'a2', [B.provider]: 'b2' } }));
    expect(tenants.reload()).toMatchObject({ ok: true, tenants: 1 });
    expect(credentialFor(B.provider, policy, before)).toEqual({ ok: true, token: 'b1' });
    expect(credentialFor(A.provider, policy, before)).toEqual({ ok: true, token: 'a1' });
    // The next request reads the new version.
    const after = request({}, 'acme', tenants.snapshot());
    expect(credentialFor(B.provider, policy, after)).toEqual({ ok: true, token: 'b2' });
    // A snapshot is immutable and of one file only: no snapshot, or another file's, is a bug, never a fallback.
    expect(Object.isFrozen(tenants.snapshot())).toBe(true);
    expect(() => credentialFor(A.provider, policy, request({}, 'acme'))).toThrow(/snapshot/);
    const other = new TenantCredentials(file);
    expect(() => credentialFor(A.provider, policy, request({}, 'acme', other.snapshot()))).toThrow(/snapshot/);
  });
});

describe('configuration', () => {
  it('production needs AUTH_MODE, named in the message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_MODE/);
    const routerSecret = 'a-router-secret-of-32-characters';
    expect(loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: routerSecret }).auth).toEqual({
      mode: 'off',
    });
  });

  it('outside production, AUTH_MODE defaults to off and providers to service credentials', () => {
    const config = loadConfig({});
    expect(config.auth).toEqual({ mode: 'off' });
    for (const f of [A, B, C]) expect(config.providers[f.provider].credentials).toBe('service');
  });

  it('jwt needs keys, except the development key with the emulator serving every provider', () => {
    expect(loadConfig({ AUTH_MODE: 'jwt' }).auth).toMatchObject({ mode: 'jwt', jwks: { kind: 'development' } });
    expect(() => loadConfig({ AUTH_MODE: 'jwt', [envName(A, 'BASE_URL')]: 'https://api.example.test/v1' })).toThrow(
      /AUTH_JWKS_URL or AUTH_JWKS_FILE/,
    );
    expect(() => loadConfig({ AUTH_MODE: 'jwt', NODE_ENV: 'production', WORKSPACE_EMULATOR: 'on' })).toThrow(
      /AUTH_JWKS_URL or AUTH_JWKS_FILE/,
    );
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_JWKS_FILE: '/k' })).toThrow(
      /one of/,
    );
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_FILE: '/keys.json', AUTH_TENANT_CLAIM: 'org' }).auth).toMatchObject(
      {
        jwks: { kind: 'file', path: '/keys.json' },
        tenantClaim: 'org',
      },
    );
  });

  it('an empty AUTH_MODE counts as unset: off outside production, refused (naming AUTH_MODE) in production', () => {
    expect(loadConfig({ AUTH_MODE: '' }).auth).toEqual({ mode: 'off' });
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MODE: '' })).toThrow(/AUTH_MODE must be set/);
    expect(() => loadConfig({ AUTH_MODE: 'maybe' })).toThrow(/AUTH_MODE/);
  });

  describe('production: a shared cache with per-tenant or per-caller credentials needs CACHE_KEY_SECRET', () => {
    const base = {
      NODE_ENV: 'production',
      AUTH_MODE: 'jwt',
      AUTH_JWKS_FILE: '/keys.json',
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_AUDIENCE: 'workspace-subgraph',
      REDIS_URL: 'redis://cache:6379',
    };
    const secret = 'a-cache-key-secret-of-32-chars!!';

    it.each([
      ['tenant', { [envName(A, 'CREDENTIALS')]: 'tenant', TENANT_CREDENTIALS_FILE: '/t.json' }],
      ['caller', { [envName(C, 'CREDENTIALS')]: 'caller' }],
    ])('%s credentials without CACHE_KEY_SECRET: refused, naming it', (_mode, env) => {
      expect(() => loadConfig({ ...base, ...env })).toThrow(/CACHE_KEY_SECRET/);
      expect(loadConfig({ ...base, ...env, CACHE_KEY_SECRET: secret }).cacheKeySecret).toBe(secret);
    });

    it('service credentials only, no Redis, or outside production: no CACHE_KEY_SECRET needed', () => {
      expect(loadConfig(base).redisUrl).toBe('redis://cache:6379');
      const caller = { [envName(C, 'CREDENTIALS')]: 'caller' };
      expect(loadConfig({ ...base, REDIS_URL: undefined, ...caller }).providers[C.provider].credentials).toBe('caller');
      expect(loadConfig({ ...base, NODE_ENV: 'development', ...caller }).redisUrl).toBeDefined();
    });
  });

  describe('production: AUTH_JWKS_URL is https, or http to this host only', () => {
    const base = {
      NODE_ENV: 'production',
      AUTH_MODE: 'jwt',
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_AUDIENCE: 'workspace-subgraph',
    };

    it.each([
      'https://idp.example/.well-known/jwks.json',
      'http://127.0.0.1:8080/jwks',
      'http://[::1]:8080/jwks',
      'http://localhost/jwks',
    ])('%s is accepted', (url) => {
      expect(loadConfig({ ...base, AUTH_JWKS_URL: url }).auth).toMatchObject({ jwks: { kind: 'url', url } });
    });

    it.each(['http://idp.example/.well-known/jwks.json', 'http://10.0.0.5/jwks', 'http://127.0.0.1.nip.io/jwks'])(
      '%s is refused, naming AUTH_JWKS_URL',
      (url) => {
        expect(() => loadConfig({ ...base, AUTH_JWKS_URL: url })).toThrow(/AUTH_JWKS_URL must be https/);
        // Outside production, plain http is allowed (a local identity provider).
        expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: url }).auth).toMatchObject({ jwks: { url } });
      },
    );
  });

  it('tenant credentials need AUTH_MODE=jwt and TENANT_CREDENTIALS_FILE', () => {
    const variable = envName(A, 'CREDENTIALS');
    expect(() => loadConfig({ [variable]: 'tenant', TENANT_CREDENTIALS_FILE: '/t.json' })).toThrow(
      `${variable}=tenant needs AUTH_MODE=jwt`,
    );
    expect(() => loadConfig({ [variable]: 'tenant', AUTH_MODE: 'jwt' })).toThrow(/TENANT_CREDENTIALS_FILE/);
    expect(() => loadConfig({ [variable]: 'everyone' })).toThrow(variable);
    expect(loadConfig({ [envName(C, 'CREDENTIALS')]: 'caller' }).providers[C.provider].credentials).toBe('caller');
  });
});
