// validatePatch: what each provider accepts, checked before any call goes out. Which fields each
// provider has, its nullable fields, its limits and its own rules are its fixture's
// (test/providers/<p>.ts), checked against its capabilities.
import { describe, expect, it } from 'vitest';
import { PATCH_FIELDS, setFields, type PatchField, type WorkspacePatch } from '../../../src/domain/patch';
import { codePointLength, validatePatch } from '../../../src/domain/validate-patch';
import { PROVIDERS as PROVIDER_MODULES } from '../../../src/providers';
import { ALL_FIXTURES, providerAt, SAMPLE_VALUES, segmentsOf, type ProviderFixture } from '../../providers';

const capabilitiesOf = (f: ProviderFixture) => PROVIDER_MODULES[f.provider].capabilities;

/** A valid value for every field (valid as a reference too, where a name or key is one). */
const SAMPLE = SAMPLE_VALUES as Required<{ [F in PatchField]: NonNullable<WorkspacePatch[F]> }>;

describe('setFields', () => {
  it('counts null as set and undefined as not set', () => {
    expect(setFields({ name: 'x', description: null, isActive: undefined })).toEqual(['name', 'description']);
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
    it.each(ALL_FIXTURES)('is REQUIRED on ["input"] for $label', (f) => {
      expect(validatePatch({}, capabilitiesOf(f))).toEqual([
        { path: ['input'], code: 'REQUIRED', message: expect.any(String) },
      ]);
    });

    it('ignores fields that are present but undefined', () => {
      const f = providerAt(0);
      const patch = Object.fromEntries(PATCH_FIELDS.map((field) => [field, undefined]));
      expect(validatePatch(patch, capabilitiesOf(f))).toEqual([
        { path: ['input'], code: 'REQUIRED', message: expect.any(String) },
      ]);
    });
  });

  describe('which provider has which field', () => {
    const cases = ALL_FIXTURES.flatMap((f) => PATCH_FIELDS.map((field) => [f.label, field, f] as const));

    it('every field has a sample value', () => {
      for (const field of PATCH_FIELDS) expect(SAMPLE[field], field).toBeDefined();
    });

    it.each(cases)('%s / %s', (_label, field, f) => {
      const errors = validatePatch({ [field]: SAMPLE[field] }, capabilitiesOf(f));
      if (f.fields.includes(field)) {
        expect(errors).toEqual([]);
      } else {
        expect(errors).toEqual([{ path: ['input', field], code: 'UNSUPPORTED_FIELD', message: expect.any(String) }]);
      }
    });

    it.each(ALL_FIXTURES)('$label: its capabilities declare exactly the documented fields', (f) => {
      const capabilities = capabilitiesOf(f);
      expect(Object.keys(capabilities.fields).sort()).toEqual([...f.fields].sort());
      expect(capabilities.provider).toBe(f.provider);
      expect(capabilities.referenceSegments).toBe(segmentsOf(f));
      // Its samples are of the fields it brings: valid on it.
      for (const [field, value] of Object.entries(f.samples)) {
        expect(f.fields).toContain(field);
        expect(validatePatch({ [field]: value }, capabilities)).toEqual([]);
      }
    });

    it.each(ALL_FIXTURES)('$label: a null field it does not have is UNSUPPORTED_FIELD naming it, not INVALID', (f) => {
      const [field] = PATCH_FIELDS.filter((p) => !f.fields.includes(p));
      expect(validatePatch({ [field as string]: null }, capabilitiesOf(f))).toEqual([
        { path: ['input', field], code: 'UNSUPPORTED_FIELD', message: expect.stringContaining(f.label) },
      ]);
    });

    it.each(ALL_FIXTURES)('$label: reports every unsupported field, in input order', (f) => {
      const unsupported = PATCH_FIELDS.filter((p) => !f.fields.includes(p));
      // Given in reverse, beside a valid change: reported in the input type's order.
      const patch = Object.fromEntries(
        [...unsupported].reverse().map((field) => [field, SAMPLE[field]] as [string, unknown]),
      );
      const [supported] = f.fields;
      patch[supported as string] = SAMPLE[supported as PatchField];
      expect(validatePatch(patch, capabilitiesOf(f)).map((e) => [e.path, e.code])).toEqual(
        unsupported.map((field) => [['input', field], 'UNSUPPORTED_FIELD']),
      );
    });
  });

  describe('null', () => {
    const cases = ALL_FIXTURES.flatMap((f) => f.fields.map((field) => [f.label, field, f] as const));

    it.each(cases)('%s %s: sent where documented nullable, else INVALID', (_label, field, f) => {
      const errors = validatePatch({ [field]: null }, capabilitiesOf(f));
      if (f.nullable.includes(field)) expect(errors).toEqual([]);
      else expect(errors).toEqual([{ path: ['input', field], code: 'INVALID', message: expect.any(String) }]);
    });
  });

  describe('documented lengths, in code points', () => {
    const limits = ALL_FIXTURES.flatMap((f) => f.limits.map((limit) => ({ ...limit, f, label: f.label })));

    it.each(limits.filter((l) => !l.item))('$label $field: $max is fine, one more is TOO_LONG', ({ f, field, max }) => {
      const capabilities = capabilitiesOf(f);
      expect(validatePatch({ [field]: 'a'.repeat(max) }, capabilities)).toEqual([]);
      expect(validatePatch({ [field]: 'a'.repeat(max + 1) }, capabilities)).toEqual([
        { path: ['input', field], code: 'TOO_LONG', message: expect.stringContaining(String(max)) },
      ]);
    });

    it.each(limits.filter((l) => l.item))(
      '$label $field: each item of $max is fine, one more is TOO_LONG with its index',
      ({ f, field, max }) => {
        const capabilities = capabilitiesOf(f);
        expect(validatePatch({ [field]: ['a'.repeat(max)] }, capabilities)).toEqual([]);
        expect(validatePatch({ [field]: ['ok', 'a'.repeat(max + 1)] }, capabilities)).toEqual([
          { path: ['input', field, '1'], code: 'TOO_LONG', message: expect.stringContaining(String(max)) },
        ]);
      },
    );

    it.each(ALL_FIXTURES)('$label: no limit where the document states none', (f) => {
      const limited = new Set(f.limits.map((l) => l.field));
      const capabilities = capabilitiesOf(f);
      for (const field of f.fields.filter((p) => !limited.has(p))) {
        const sample = SAMPLE[field];
        if (typeof sample !== 'string') continue;
        // As long as a valid value may be: the sample, repeated (a reference or a pattern allows it).
        expect(validatePatch({ [field]: sample.repeat(50) }, capabilities), field).toEqual([]);
      }
    });
  });

  const PATCH_CASES = ALL_FIXTURES.flatMap((f) =>
    f.cases.patches.map((testCase) => ({ ...testCase, f, title: `${f.label}: ${testCase.title}` })),
  );

  describe("each provider's own rules", () => {
    it.each(PATCH_CASES)('$title', ({ f, patch, errors }) => {
      expect(validatePatch(patch as WorkspacePatch, capabilitiesOf(f))).toEqual(errors);
    });
  });
});
