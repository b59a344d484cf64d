// TENANT_CREDENTIALS_FILE is checked by one function, at start and on every reload (SIGHUP): JSON,
// `{"<tenant>": {"<provider>": "<token>"}}`, only this subgraph's providers (lower case), and a
// token for each provider in `tenant` mode. Its errors name the file, tenants and providers (and
// where the JSON broke), never a token.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTenantFile, TenantCredentials, type TenantFileRules } from '../../../src/credentials';
import { PROVIDER_NAMES } from '../../../src/domain/provider';
import { envName, providerAt } from '../../providers';

/** Two providers (any): A in tenant mode. */
const [A, B] = [providerAt(0), providerAt(1)];
const a = A.provider;
const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

const SECRET = 'tok-secret-4e1d';
const dir = mkdtempSync(join(tmpdir(), 'tenant-file-'));
let files = 0;
function fileWith(text: string): string {
  const path = join(dir, `tenants-${files++}.json`);
  writeFileSync(path, text);
  return path;
}
const A_TENANT: TenantFileRules = { tenantProviders: [a] };
const NONE: TenantFileRules = { tenantProviders: [] };

function errorOf(text: string, rules = A_TENANT): string {
  const read = readTenantFile(fileWith(text), rules);
  if (read.ok) throw new Error('expected the file to be refused');
  expect(read.error).not.toContain(SECRET);
  return read.error;
}

describe('readTenantFile', () => {
  it('accepts the documented shape, with a token for each provider in tenant mode', () => {
    const read = readTenantFile(fileWith(JSON.stringify({ acme: { [a]: SECRET }, globex: {} })), A_TENANT);
    expect(read.ok).toBe(true);
  });

  it('accepts a file that starts with a byte order mark', () => {
    expect(readTenantFile(fileWith(`\uFEFF${JSON.stringify({ acme: { [a]: SECRET } })}`), A_TENANT).ok).toBe(true);
  });

  it('{} while a provider is in tenant mode: refused, naming the variable', () => {
    expect(errorOf('{}')).toContain(`names no tenant, and ${envName(A, 'CREDENTIALS')}=tenant`);
    // No provider in tenant mode: nothing needs a tenant.
    expect(readTenantFile(fileWith('{}'), NONE).ok).toBe(true);
  });

  it('a provider in tenant mode that no tenant has a token for: refused, naming it', () => {
    const error = errorOf(JSON.stringify({ acme: { [B.provider]: SECRET } }), {
      tenantProviders: [a, B.provider],
    });
    expect(error).toContain(`no tenant has a token for ${A.label} (${envName(A, 'CREDENTIALS')}=tenant)`);
    expect(error).not.toContain(B.label);
    expect(error).not.toContain(B.enumValue);
  });

  it.each([
    [{ acme: { [`${a}a`]: SECRET } }, `acme.${a}a`],
    [{ acme: { [a]: SECRET, [capitalized(B.provider)]: SECRET } }, `acme.${capitalized(B.provider)}`],
  ])('a misspelt provider (%j): refused, naming where, listing the providers', (content, where) => {
    const error = errorOf(JSON.stringify(content), NONE);
    expect(error).toContain(`unknown provider at ${where}`);
    expect(error).toContain(`the providers are ${PROVIDER_NAMES.join(', ')} (lower case)`);
  });

  it.each([
    ['[]', '(root)'],
    ['"tenants"', '(root)'],
    [JSON.stringify({ acme: [SECRET] }), 'acme'],
    [JSON.stringify({ acme: { [a]: 42 } }), `acme.${a}`],
    [JSON.stringify({ acme: { [a]: '' } }), `acme.${a}`],
  ])('not an object of objects of strings (%s): refused, naming where', (text, where) => {
    expect(errorOf(text)).toMatch(new RegExp(`wrong at ${where.replace(/[()]/g, '\\$&')}$`));
  });

  it.each([
    // Where it ran out: just past its last character.
    [`{"acme": {"${a}": `, `line 1, column ${`{"acme": {"${a}": `.length + 1}`],
    [`{\n  "acme": {\n    "${a}": "${SECRET}",\n  }\n}`, 'line 4, column 3'],
    [`{"acme": x${SECRET}}`, 'line 1, column 10'],
    [`{"acme": {'${a}': '${SECRET}'}}`, 'line 1, column 11'],
    ['', 'the file is empty'],
  ])('not JSON: refused with the line and column, never the text (%j)', (text, where) => {
    const path = fileWith(text);
    const read = readTenantFile(path, A_TENANT);
    expect(read).toEqual({ ok: false, error: `${JSON.stringify(path)} is not valid JSON (${where})` });
  });

  it('a missing file: refused, naming its path', () => {
    const path = join(dir, 'absent.json');
    expect(readTenantFile(path, A_TENANT)).toEqual({
      ok: false,
      error: `cannot read ${JSON.stringify(path)} (ENOENT)`,
    });
  });
});

describe('TenantCredentials', () => {
  it('at start a refused file throws, naming the variable; on reload it keeps the previous table', () => {
    expect(() => new TenantCredentials(fileWith('{}'), A_TENANT)).toThrow(
      new RegExp(`^TENANT_CREDENTIALS_FILE: .*names no tenant, and ${envName(A, 'CREDENTIALS')}=tenant`),
    );
    const path = fileWith(JSON.stringify({ acme: { [a]: SECRET } }));
    const tenants = new TenantCredentials(path, A_TENANT);
    for (const refused of ['{}', JSON.stringify({ acme: { [`${a}a`]: 'other' } }), '{"acme":']) {
      writeFileSync(path, refused);
      expect(tenants.reload()).toMatchObject({ ok: false, tenants: 1, error: expect.any(String) });
      expect(tenants.snapshot().tokenFor('acme', a)).toBe(SECRET);
    }
    writeFileSync(path, JSON.stringify({ acme: { [a]: 'rotated' }, globex: { [a]: 'g' } }));
    expect(tenants.reload()).toEqual({ ok: true, tenants: 2 });
    expect(tenants.snapshot().tokenFor('acme', a)).toBe('rotated');
  });
});
