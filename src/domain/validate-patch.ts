import type { ProviderCapabilities, FieldRule } from './capabilities';
import type { FieldError } from './failures';
import { isSafeSegment } from './global-id';
import { PROVIDER_LABELS } from './provider';
import { setFields, type PatchField, type WorkspacePatch } from './patch';

/** Lengths count Unicode code points, not UTF-16 units. */
export const codePointLength = (value: string): number => [...value].length;

/**
 * Checks a patch against a provider's capabilities before any call goes out. Returns every
 * problem found (empty when the patch may be sent).
 */
export function validatePatch(patch: WorkspacePatch, capabilities: ProviderCapabilities): FieldError[] {
  const fields = setFields(patch);
  if (fields.length === 0) {
    return [{ path: ['input'], code: 'REQUIRED', message: 'Set at least one field to change.' }];
  }
  const label = PROVIDER_LABELS[capabilities.provider];
  const errors: FieldError[] = [];
  for (const field of fields) {
    const rule = capabilities.fields[field];
    if (!rule) {
      errors.push({
        path: ['input', field],
        code: 'UNSUPPORTED_FIELD',
        message: `${label} workspaces have no "${field}" field.`,
      });
      continue;
    }
    errors.push(...checkValue(field, patch[field], rule, label));
  }
  return errors;
}

function checkValue(
  field: PatchField,
  value: WorkspacePatch[PatchField],
  rule: FieldRule,
  label: string,
): FieldError[] {
  const path = ['input', field];
  if (value === null) {
    return rule.nullable ? [] : [{ path, code: 'INVALID', message: `${label} does not accept null for "${field}".` }];
  }
  if (typeof value === 'string') return checkString(path, field, value, rule, label);
  if (Array.isArray(value)) return checkList(path, field, value, rule);
  return [];
}

function checkString(path: string[], field: string, value: string, rule: FieldRule, label: string): FieldError[] {
  if (rule.isReference && !isSafeSegment(value)) {
    return [
      {
        path,
        code: 'INVALID',
        message: `"${field}" becomes the ${label} workspace's address: use only letters, digits and . _ ~ - (not "." or "..").`,
      },
    ];
  }
  if (rule.pattern && !rule.pattern.regex.test(value)) {
    return [{ path, code: 'INVALID', message: rule.pattern.message }];
  }
  if (field === 'name' && value.trim() === '') {
    return [{ path, code: 'INVALID', message: 'The name must not be empty.' }];
  }
  if (rule.maxLength !== undefined && codePointLength(value) > rule.maxLength) {
    return [{ path, code: 'TOO_LONG', message: `"${field}" may have at most ${rule.maxLength} characters.` }];
  }
  return [];
}

function checkList(path: string[], field: string, items: readonly unknown[], rule: FieldRule): FieldError[] {
  const errors: FieldError[] = [];
  const seenKeys = new Set<string>();
  items.forEach((item, index) => {
    const itemPath = [...path, String(index)];
    if (typeof item === 'string' && rule.itemMaxLength !== undefined && codePointLength(item) > rule.itemMaxLength) {
      errors.push({
        path: itemPath,
        code: 'TOO_LONG',
        message: `Each of "${field}" may have at most ${rule.itemMaxLength} characters.`,
      });
    }
    // Labels become an object keyed by label key: a repeated key would be silently lost.
    if (field === 'labels' && isLabel(item)) {
      if (seenKeys.has(item.key)) {
        errors.push({
          path: [...itemPath, 'key'],
          code: 'INVALID',
          message: `The label key "${item.key}" is repeated.`,
        });
      }
      seenKeys.add(item.key);
    }
  });
  return errors;
}

function isLabel(item: unknown): item is { key: string } {
  return typeof item === 'object' && item !== null && typeof (item as { key?: unknown }).key === 'string';
}
