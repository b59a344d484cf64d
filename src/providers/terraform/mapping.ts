import { failures, type FieldError, type WorkspaceFailure } from '../../domain/failures';
import { encodeGlobalId } from '../../domain/global-id';
import type { PatchField, WorkspacePatch } from '../../domain/patch';
import type { Workspace } from '../../domain/workspace';
import { parseRetryAfter } from '../shared/retry-after';
import { isReportedRetryable } from '../shared/retry-policy';
import type { FailureContext } from '../shared/status-failure';
import type { UpstreamResponse } from '../shared/upstream';
import { terraformFacts } from './facts';
import {
  terraformErrorObjectSchema,
  terraformErrorsSchema,
  terraformWorkspaceSchema,
  type TerraformErrorObject,
  type TerraformUpdateAttributes,
  type TerraformUpdateRequest,
} from './payloads';

const LABEL = terraformFacts.label;

/** The API's attribute names (kebab-case) and the input fields they are. */
const INPUT_FIELD_OF: Readonly<Record<string, PatchField>> = {
  name: 'name',
  description: 'description',
  'auto-apply': 'autoApply',
  'execution-mode': 'executionMode',
  'terraform-version': 'terraformVersion',
  'working-directory': 'workingDirectory',
};

/**
 * `{"data":{"type":"workspaces","attributes":{...}}}` with only the fields set. Null never gets
 * here: it is refused before the call for every Terraform field.
 */
export function terraformRequestBody(patch: WorkspacePatch): TerraformUpdateRequest {
  const attributes: TerraformUpdateAttributes = {};
  if (patch.name != null) attributes.name = patch.name;
  if (patch.description != null) attributes.description = patch.description;
  if (patch.autoApply != null) attributes['auto-apply'] = patch.autoApply;
  if (patch.executionMode != null) {
    attributes['execution-mode'] = patch.executionMode.toLowerCase() as TerraformUpdateAttributes['execution-mode'];
  }
  if (patch.terraformVersion != null) attributes['terraform-version'] = patch.terraformVersion;
  if (patch.workingDirectory != null) attributes['working-directory'] = patch.workingDirectory;
  return { data: { type: 'workspaces', attributes } };
}

/** A `workspaces` document as a Workspace; null when it lacks `data.id` or `data.attributes.name`. */
export function terraformWorkspace(body: unknown): Workspace | null {
  const parsed = terraformWorkspaceSchema.safeParse(body);
  if (!parsed.success) return null;
  const { id, attributes: a, relationships, links } = parsed.data.data;
  return {
    // The `ws-` id: a rename does not change it.
    id: encodeGlobalId('terraform', [id]),
    provider: 'terraform',
    providerId: id,
    name: a.name,
    displayName: null,
    description: a.description,
    createdAt: a['created-at'],
    updatedAt: a['updated-at'],
    details: {
      provider: 'terraform',
      organizationName: relationships.organization ?? organizationOfLink(links?.self) ?? '',
      executionMode: a['execution-mode'],
      autoApply: a['auto-apply'] ?? false,
      terraformVersion: a['terraform-version'],
      workingDirectory: a['working-directory'],
      locked: a.locked ?? false,
      resourceCount: a['resource-count'],
      environment: a.environment,
      projectId: relationships.project,
    },
  };
}

/**
 * Without the organization relationship, `links.self` (/api/v2/organizations/<org>/workspaces/<name>)
 * still names it; a document with neither is usable, with an empty organization name.
 */
function organizationOfLink(self: string | null | undefined): string | null {
  const org = self?.match(/\/organizations\/([^/]+)\/workspaces\//)?.[1];
  if (!org) return null;
  try {
    return decodeURIComponent(org);
  } catch {
    return org;
  }
}

/**
 * HCP Terraform's answers (CONTRACT.md §4; 400 and 403, which its list leaves out, as the README's
 * error table says for every provider): 401 authentication; 403 permission denied; 404 not found
 * or not visible (the API does not tell them apart); 409 conflict; 400/422 one field error per error
 * object, except a taken name, a conflict; 429 rate limited (Retry-After, else X-RateLimit-Reset);
 * anything else a provider error whose code is the (first) error object's `code`, else its `title`.
 */
export function terraformFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure {
  const objects = errorObjects(response);
  const said = saidBy(objects);
  switch (response.status) {
    case 401:
      return failures.authentication('terraform', `${LABEL} did not accept the credentials${said}`);
    // Not in Terraform's own list; the README's error table for every provider applies.
    case 403:
      return failures.permissionDenied(
        'terraform',
        `${LABEL} ${context.patch ? 'does not allow this change' : 'does not let these credentials read this workspace'}${said}`,
      );
    case 404:
      return failures.notFound(
        context.id,
        `${LABEL} workspace ${context.id}: not found, or not visible with these credentials`,
      );
    case 409:
      return failures.conflict(
        objects.map((o) => inputFieldOf(o.source?.pointer)).find((field) => field !== null) ?? null,
        `${LABEL} refused the change as a conflict${said}`,
      );
    case 400:
    case 422: {
      const taken = objects.find(isNameTaken);
      if (taken) {
        return failures.conflict(
          'name',
          `The name is already taken by another ${LABEL} workspace of the organization: ${taken.detail}`,
        );
      }
      return failures.validation(fieldErrorsOf(objects), `${LABEL} refused the input${said}`);
    }
    case 429:
      return failures.rateLimited(
        'terraform',
        retryAfterSeconds(response),
        `${LABEL} is rate limiting requests${said}`,
      );
    default:
      return failures.provider(
        'terraform',
        {
          status: response.status,
          code: objects.map((o) => o.code || o.title).find((code) => !!code) ?? null,
          retryable: isReportedRetryable(response),
        },
        `${LABEL} answered with HTTP ${response.status}${said}`,
      );
  }
}

/** The error objects of `{"errors": [...]}`, read defensively (an entry that does not parse reads as empty). */
function errorObjects(response: UpstreamResponse): TerraformErrorObject[] {
  if (response.body.kind !== 'json') return [];
  const parsed = terraformErrorsSchema.safeParse(response.body.value);
  if (!parsed.success) return [];
  return parsed.data.errors.map((entry) => {
    const object = terraformErrorObjectSchema.safeParse(entry);
    return object.success ? object.data : {};
  });
}

/** What the error objects say, for a message: each one's detail, else its title. */
function saidBy(objects: TerraformErrorObject[]): string {
  const texts = objects.map((o) => o.detail || o.title).filter((text): text is string => !!text);
  return texts.length > 0 ? `: ${texts.join('; ')}` : '';
}

const TAKEN = /has already been taken/i;

function isNameTaken(object: TerraformErrorObject): object is TerraformErrorObject & { detail: string } {
  return inputFieldOf(object.source?.pointer) === 'name' && TAKEN.test(object.detail ?? '');
}

/** `/data/attributes/terraform-version` -> terraformVersion; null for a pointer at anything else. */
function inputFieldOf(pointer: string | null | undefined): PatchField | null {
  const attribute = pointer?.match(/^\/data\/attributes\/([^/]+)(?:\/.*)?$/)?.[1];
  return (attribute !== undefined && INPUT_FIELD_OF[attribute]) || null;
}

/** One entry per error object: its pointer's input field, or ["input"] without one. */
function fieldErrorsOf(objects: TerraformErrorObject[]): FieldError[] {
  if (objects.length === 0) return [{ path: ['input'], code: 'INVALID', message: `${LABEL} refused the input.` }];
  return objects.map((object) => {
    const field = inputFieldOf(object.source?.pointer);
    const message = object.detail || object.title || `${LABEL} refused this value.`;
    return {
      path: field ? ['input', field] : ['input'],
      code: /too long/i.test(message) ? 'TOO_LONG' : 'INVALID',
      message,
    };
  });
}

/** retryAfterSeconds is a GraphQL Int (32-bit). */
const MAX_SECONDS = 2_147_483_647;

/**
 * Retry-After (seconds or an HTTP date) when it is there and readable; else X-RateLimit-Reset,
 * which go-tfe reads as seconds until the limit resets (a decimal), rounded up.
 */
function retryAfterSeconds(response: UpstreamResponse): number | null {
  const retryAfter = parseRetryAfter(response.header('retry-after'));
  if (retryAfter !== null) return retryAfter;
  const reset = response.header('x-ratelimit-reset')?.trim();
  if (!reset || !/^\d+(?:\.\d+)?$/.test(reset)) return null;
  return Math.min(Math.ceil(Number(reset)), MAX_SECONDS);
}
