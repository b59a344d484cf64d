import { parse, type OperationDefinitionNode, type FragmentDefinitionNode, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { bearerTokenOf } from '../../../src/auth/bearer-token';
import { callerOf, scopesOf } from '../../../src/auth/claims';
import { isSchemaOnlyOperation } from '../../../src/auth/schema-only-operation';
import { callerTokenHeader, credentialFor } from '../../../src/credentials';
import { UNVERIFIED_CALLER, hasScope } from '../../../src/domain/caller';
import { loadConfig } from '../../../src/server/config';

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
    ['{ ...S } fragment S on Query { ...S _service { sdl } }', true],
    ['{ workspace(id: "vertra:x") { id } }', false],
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
  const request = (headers: Record<string, string>, tenant: string | null = null) => ({
    caller: { subject: null, tenant, scopes: null },
    header: (name: string) => headers[name],
  });

  it("caller mode reads only the provider's own header", () => {
    expect(callerTokenHeader('vertra')).toBe('x-vertra-token');
    const headers = { 'x-vertra-token': 'v-token', 'x-blaxel-token': 'b-token' };
    expect(credentialFor('vertra', { mode: 'caller' }, request(headers))).toEqual({ ok: true, token: 'v-token' });
    expect(credentialFor('altostrat', { mode: 'caller' }, request(headers))).toMatchObject({
      ok: false,
      failure: { kind: 'authentication', provider: 'altostrat' },
    });
  });

  it('service mode ignores what the caller sends', () => {
    expect(credentialFor('vertra', { mode: 'service', token: 'svc' }, request({ 'x-vertra-token': 'mine' }))).toEqual({
      ok: true,
      token: 'svc',
    });
    expect(credentialFor('vertra', { mode: 'service', token: undefined }, request({})).ok).toBe(false);
  });
});

describe('configuration', () => {
  it('production needs AUTH_MODE, named in the message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_MODE/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'off' }).auth).toEqual({ mode: 'off' });
  });

  it('outside production, AUTH_MODE defaults to off and providers to service credentials', () => {
    const config = loadConfig({});
    expect(config.auth).toEqual({ mode: 'off' });
    expect(config.providers.vertra.credentials).toBe('service');
  });

  it('jwt needs keys, except the development key with the emulator serving every provider', () => {
    expect(loadConfig({ AUTH_MODE: 'jwt' }).auth).toMatchObject({ mode: 'jwt', jwks: { kind: 'development' } });
    expect(() => loadConfig({ AUTH_MODE: 'jwt', VERTRA_BASE_URL: 'https://api.vertracloud.app/v1' })).toThrow(
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

  it('tenant credentials need AUTH_MODE=jwt and TENANT_CREDENTIALS_FILE', () => {
    expect(() => loadConfig({ VERTRA_CREDENTIALS: 'tenant', TENANT_CREDENTIALS_FILE: '/t.json' })).toThrow(
      /VERTRA_CREDENTIALS=tenant needs AUTH_MODE=jwt/,
    );
    expect(() => loadConfig({ VERTRA_CREDENTIALS: 'tenant', AUTH_MODE: 'jwt' })).toThrow(/TENANT_CREDENTIALS_FILE/);
    expect(() => loadConfig({ VERTRA_CREDENTIALS: 'everyone' })).toThrow(/VERTRA_CREDENTIALS/);
    expect(loadConfig({ ALTOSTRAT_CREDENTIALS: 'caller' }).providers.altostrat.credentials).toBe('caller');
  });
});
