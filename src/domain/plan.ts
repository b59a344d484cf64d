import type { ProviderCapabilities } from './capabilities';
import { canonicalJson } from './canonical-json';
import { setFields, type PatchField, type WorkspacePatch } from './patch';
import type { Workspace } from './workspace';

/**
 * The request an update sends to its provider, as the provider's contract builds it (the one
 * place per provider: src/providers/shared/provider-data-source.ts, `requestFor`). Never a credential.
 */
export interface ProviderRequest {
  method: string;
  /** Path relative to the provider's base URL, with a leading slash: `/workspaces/org123`. */
  path: string;
  /** The JSON body, exactly as it is sent. */
  body: unknown;
}

/** A workspace as its provider has it now, read past every cache, and its revision. */
export interface CurrentWorkspace {
  workspace: Workspace;
  /** Opaque; changes whenever the provider's representation of the workspace changes (each provider's contract computes it). */
  revision: string;
}

/** One input field whose value an update would change. */
export interface FieldChange {
  field: PatchField;
  /** The current value in the input field's shape; null when unset. */
  before: unknown;
  after: unknown;
}

/** What an update would do: planWorkspaceUpdates' answer for one input. */
export interface WorkspacePlan {
  workspace: Workspace;
  changes: FieldChange[];
  request: ProviderRequest;
  revision: string;
}

/**
 * The fields of `patch` whose value differs from `workspace`'s, in the input type's order.
 * Values compare as canonical JSON; a list the provider keeps in no order (its rule says
 * `unordered`: labels a provider keeps as an object, say) compares as a set.
 */
export function changesOf(
  workspace: Workspace,
  patch: WorkspacePatch,
  capabilities: ProviderCapabilities,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of setFields(patch)) {
    const before = currentValueOf(workspace, field);
    const after = patch[field] ?? null;
    const unordered = capabilities.fields[field]?.unordered === true;
    if (comparable(before, unordered) !== comparable(after, unordered)) changes.push({ field, before, after });
  }
  return changes;
}

/**
 * An input field's current value: the workspace's own field of that name (name, description,
 * displayName), else its provider's details' (an input field and the details field it sets share
 * their name and shape: tags, labels, autoApply…); null when neither has it.
 */
export function currentValueOf(workspace: Workspace, field: PatchField): unknown {
  const own = workspace as unknown as Record<string, unknown>;
  if (field in own) return own[field] ?? null;
  return (workspace.details as unknown as Record<string, unknown>)[field] ?? null;
}

function comparable(value: unknown, unordered: boolean): string {
  if (unordered && Array.isArray(value)) return JSON.stringify(value.map(canonicalJson).sort());
  return canonicalJson(value);
}
