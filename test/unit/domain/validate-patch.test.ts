// validatePatch: what each provider accepts, checked before any call goes out.
import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../../src/domain/capabilities';
import { PATCH_FIELDS, setFields, type PatchField, type WorkspacePatch } from '../../../src/domain/patch';
import type { ProviderName } from '../../../src/domain/provider';
import { codePointLength, validatePatch } from '../../../src/domain/validate-patch';
import { PROVIDERS as PROVIDER_MODULES } from '../../../src/providers';

const blaxelCapabilities = PROVIDER_MODULES.blaxel.capabilities;
const dreadnodeCapabilities = PROVIDER_MODULES.dreadnode.capabilities;
const flashbackCapabilities = PROVIDER_MODULES.flashback.capabilities;
const vertraCapabilities = PROVIDER_MODULES.vertra.capabilities;
const altostratCapabilities = PROVIDER_MODULES.altostrat.capabilities;
const terraformCapabilities = PROVIDER_MODULES.terraform.capabilities;

const CAPABILITIES: Record<ProviderName, ProviderCapabilities> = {
  blaxel: blaxelCapabilities,
  dreadnode: dreadnodeCapabilities,
  flashback: flashbackCapabilities,
  vertra: vertraCapabilities,
  altostrat: altostratCapabilities,
  terraform: terraformCapabilities,
};

/** The contract's UpdateWorkspaceInput description: which provider has which field. */
const SUPPORTED: Record<ProviderName, PatchField[]> = {
  blaxel: ['name', 'displayName', 'labels', 'region', 'runtimeGeneration', 'groupMappings', 'accountId'],
  dreadnode: ['name', 'description', 'key', 'isActive'],
  flashback: ['name'],
  vertra: ['name', 'description', 'tags'],
  altostrat: ['name', 'description'],
  terraform: ['name', 'description', 'autoApply', 'executionMode', 'terraformVersion', 'workingDirectory'],
};

/** A valid value for every field (valid as a reference too, for Blaxel's name and Dreadnode's key). */
const SAMPLE: Required<{ [F in PatchField]: NonNullable<WorkspacePatch[F]> }> = {
  name: 'new-name',
  description: 'A description',
  displayName: 'My Workspace',
  labels: [{ key: 'env', value: 'prod' }],
  region: 'us-west-2',
  runtimeGeneration: 'mk3',
  groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
  accountId: 'acc-1',
  key: 'research',
  isActive: false,
  tags: ['newtag'],
  autoApply: true,
  executionMode: 'AGENT',
  terraformVersion: '~> 1.9.0',
  workingDirectory: 'envs/prod',
};

const PROVIDERS = Object.keys(CAPABILITIES) as ProviderName[];

describe('setFields', () => {
  it('counts null as set and undefined as not set', () => {
    expect(setFields({ name: 'x', description: null, tags: undefined, isActive: false })).toEqual([
      'name',
      'description',
      'isActive',
    ]);
    expect(setFields({})).toEqual([]);
  });
});

describe('codePointLength', () => {
  it('counts Unicode code points, not UTF-16 units', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(codePointLength('e\u0301')).toBe(2);
    expect(codePointLength('')).toBe(0);
  });
});

describe('validatePatch', () => {
  describe('an input with nothing to change', () => {
    it.each(PROVIDERS)('is REQUIRED on ["input"] for %s', (provider) => {
      expect(validatePatch({}, CAPABILITIES[provider])).toEqual([
        { path: ['input'], code: 'REQUIRED', message: expect.any(String) },
      ]);
    });

    it('ignores fields that are present but undefined', () => {
      expect(validatePatch({ name: undefined, tags: undefined }, vertraCapabilities)).toEqual([
        { path: ['input'], code: 'REQUIRED', message: expect.any(String) },
      ]);
    });
  });

  describe('which provider has which field', () => {
    const cases = PROVIDERS.flatMap((provider) => PATCH_FIELDS.map((field) => [provider, field] as const));

    it.each(cases)('%s / %s', (provider, field) => {
      const errors = validatePatch({ [field]: SAMPLE[field] }, CAPABILITIES[provider]);
      if (SUPPORTED[provider].includes(field)) {
        expect(errors).toEqual([]);
      } else {
        expect(errors).toEqual([{ path: ['input', field], code: 'UNSUPPORTED_FIELD', message: expect.any(String) }]);
      }
    });

    it('capabilities declare exactly the documented fields', () => {
      for (const provider of PROVIDERS) {
        expect(Object.keys(CAPABILITIES[provider].fields).sort()).toEqual([...SUPPORTED[provider]].sort());
        expect(CAPABILITIES[provider].provider).toBe(provider);
        expect(CAPABILITIES[provider].referenceSegments).toBe(provider === 'dreadnode' ? 2 : 1);
      }
    });

    it('a null field the provider does not have is UNSUPPORTED_FIELD, not INVALID', () => {
      expect(validatePatch({ tags: null }, flashbackCapabilities)).toEqual([
        { path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD', message: expect.stringContaining('Flashback') },
      ]);
    });

    it('reports every unsupported field, in input order', () => {
      expect(
        validatePatch({ tags: ['a'], name: 'ok', description: 'x', displayName: 'y' }, flashbackCapabilities).map(
          (e) => [e.path, e.code],
        ),
      ).toEqual([
        [['input', 'description'], 'UNSUPPORTED_FIELD'],
        [['input', 'displayName'], 'UNSUPPORTED_FIELD'],
        [['input', 'tags'], 'UNSUPPORTED_FIELD'],
      ]);
    });
  });

  describe('null', () => {
    it('clears Altostrat description (documented nullable)', () => {
      expect(validatePatch({ description: null }, altostratCapabilities)).toEqual([]);
    });

    it.each<[ProviderName, PatchField]>([
      ['dreadnode', 'description'],
      ['vertra', 'description'],
      ['altostrat', 'name'],
      ['blaxel', 'name'],
      ['blaxel', 'displayName'],
      ['blaxel', 'labels'],
      ['blaxel', 'groupMappings'],
      ['dreadnode', 'isActive'],
      ['dreadnode', 'key'],
      ['vertra', 'tags'],
      ['flashback', 'name'],
      ['terraform', 'name'],
      ['terraform', 'description'],
      ['terraform', 'autoApply'],
      ['terraform', 'executionMode'],
      ['terraform', 'terraformVersion'],
      ['terraform', 'workingDirectory'],
    ])('is INVALID for %s %s', (provider, field) => {
      expect(validatePatch({ [field]: null }, CAPABILITIES[provider])).toEqual([
        { path: ['input', field], code: 'INVALID', message: expect.any(String) },
      ]);
    });
  });

  describe('documented lengths, in code points', () => {
    it.each<[ProviderName, 'name' | 'description', number]>([
      ['vertra', 'name', 50],
      ['vertra', 'description', 200],
      ['altostrat', 'name', 50],
      ['altostrat', 'description', 200],
      ['terraform', 'name', 90],
    ])('%s %s: %i is fine, one more is TOO_LONG', (provider, field, limit) => {
      const capabilities = CAPABILITIES[provider];
      expect(validatePatch({ [field]: 'a'.repeat(limit) }, capabilities)).toEqual([]);
      expect(validatePatch({ [field]: 'a'.repeat(limit + 1) }, capabilities)).toEqual([
        { path: ['input', field], code: 'TOO_LONG', message: expect.stringContaining(String(limit)) },
      ]);
    });

    it('counts an astral character once', () => {
      // 50 emoji are 100 UTF-16 units but 50 characters.
      expect(validatePatch({ name: '😀'.repeat(50) }, vertraCapabilities)).toEqual([]);
      expect(validatePatch({ name: '😀'.repeat(51) }, vertraCapabilities)).toEqual([
        { path: ['input', 'name'], code: 'TOO_LONG', message: expect.any(String) },
      ]);
      expect(validatePatch({ description: '𝒜'.repeat(200) }, altostratCapabilities)).toEqual([]);
      expect(validatePatch({ tags: ['😀'.repeat(20)] }, vertraCapabilities)).toEqual([]);
    });

    it('checks each Vertra tag (<= 20) with its index in the path', () => {
      const tags = ['ok', 'x'.repeat(21), 'y'.repeat(20), 'z'.repeat(25), '😀'.repeat(21)];
      expect(validatePatch({ tags }, vertraCapabilities)).toEqual([
        { path: ['input', 'tags', '1'], code: 'TOO_LONG', message: expect.stringContaining('20') },
        { path: ['input', 'tags', '3'], code: 'TOO_LONG', message: expect.stringContaining('20') },
        { path: ['input', 'tags', '4'], code: 'TOO_LONG', message: expect.stringContaining('20') },
      ]);
    });

    it('accepts an empty tag list (replaces the whole set)', () => {
      expect(validatePatch({ tags: [] }, vertraCapabilities)).toEqual([]);
    });

    it('has no limit where the document states none', () => {
      expect(validatePatch({ name: 'a'.repeat(500) }, flashbackCapabilities)).toEqual([]);
      expect(validatePatch({ name: 'a'.repeat(500), description: 'b'.repeat(5000) }, dreadnodeCapabilities)).toEqual(
        [],
      );
      expect(validatePatch({ displayName: 'a'.repeat(500) }, blaxelCapabilities)).toEqual([]);
    });

    it('reports every problem at once', () => {
      const errors = validatePatch(
        { name: 'n'.repeat(51), description: 'd'.repeat(201), tags: ['t'.repeat(21)] },
        vertraCapabilities,
      );
      expect(errors.map((e) => [e.path, e.code])).toEqual([
        [['input', 'name'], 'TOO_LONG'],
        [['input', 'description'], 'TOO_LONG'],
        [['input', 'tags', '0'], 'TOO_LONG'],
      ]);
    });
  });

  describe('renames that change the reference', () => {
    it.each(['new name', 'a/b', '..', '.', '', 'naïve', 'x%2Fy', 'a:b'])('refuses Blaxel name %j', (name) => {
      expect(validatePatch({ name }, blaxelCapabilities)).toEqual([
        { path: ['input', 'name'], code: 'INVALID', message: expect.any(String) },
      ]);
    });

    it.each(['new name', 'acme/research', '..', ''])('refuses Dreadnode key %j', (key) => {
      expect(validatePatch({ key }, dreadnodeCapabilities)).toEqual([
        { path: ['input', 'key'], code: 'INVALID', message: expect.any(String) },
      ]);
    });

    it('accepts safe references', () => {
      expect(validatePatch({ name: 'my-workspace.v2_~' }, blaxelCapabilities)).toEqual([]);
      expect(validatePatch({ key: 'research-2' }, dreadnodeCapabilities)).toEqual([]);
    });

    it('leaves names that are not references free-form', () => {
      expect(validatePatch({ name: 'My Workspace / 2' }, dreadnodeCapabilities)).toEqual([]);
      expect(validatePatch({ name: 'Updated Development Workspace' }, flashbackCapabilities)).toEqual([]);
      expect(validatePatch({ name: 'ACME Corp. Workspace' }, altostratCapabilities)).toEqual([]);
    });
  });

  describe('HCP Terraform names: 1-90 letters, digits, - and _', () => {
    it.each(['billing-prod', 'Billing_Prod_2', 'a', '0'])('accepts %j', (name) => {
      expect(validatePatch({ name }, terraformCapabilities)).toEqual([]);
    });

    it.each(['', 'billing prod', 'billing.prod', 'naïve', 'a/b', 'ws:1', '   '])('refuses %j as INVALID', (name) => {
      expect(validatePatch({ name }, terraformCapabilities)).toEqual([
        { path: ['input', 'name'], code: 'INVALID', message: expect.any(String) },
      ]);
    });

    it('past 90 characters is TOO_LONG', () => {
      expect(validatePatch({ name: 'a'.repeat(91) }, terraformCapabilities)).toEqual([
        { path: ['input', 'name'], code: 'TOO_LONG', message: expect.stringContaining('90') },
      ]);
    });

    it('has no limit on the other fields (the document states none)', () => {
      expect(
        validatePatch({ description: 'd'.repeat(5000), workingDirectory: 'w'.repeat(500) }, terraformCapabilities),
      ).toEqual([]);
    });
  });

  it('refuses a blank name', () => {
    expect(validatePatch({ name: '   ' }, vertraCapabilities)).toEqual([
      { path: ['input', 'name'], code: 'INVALID', message: expect.any(String) },
    ]);
  });

  it('refuses a repeated Blaxel label key (labels are sent as an object)', () => {
    const labels = [
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'ml' },
      { key: 'env', value: 'dev' },
    ];
    expect(validatePatch({ labels }, blaxelCapabilities)).toEqual([
      { path: ['input', 'labels', '2', 'key'], code: 'INVALID', message: expect.stringContaining('env') },
    ]);
  });

  it('accepts a full Blaxel patch', () => {
    expect(
      validatePatch(
        {
          name: 'my-workspace',
          displayName: 'My Workspace',
          labels: [],
          region: 'us-west-2',
          runtimeGeneration: 'mk3',
          groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
          accountId: 'acc',
        },
        blaxelCapabilities,
      ),
    ).toEqual([]);
  });
});
