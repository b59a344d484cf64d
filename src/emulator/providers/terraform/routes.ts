// HCP Terraform: GET|PATCH /workspaces/{workspace_id} and /organizations/{org}/workspaces/{name}
// (under /api/v2), from HCP Terraform's API document (src/providers/terraform/CONTRACT.md). JSON:API in and out:
// bodies {"data":{"type":"workspaces","attributes":{...kebab-case}}}, replies and errors as
// application/vnd.api+json, errors {"errors":[{status, title, detail?, source?}]}. A token that
// may not see a workspace, or may read but not administer it, gets the same 404 as a missing
// one (§4: the API never tells them apart). § numbers are the document's sections; choices it
// leaves open are marked "(ours)".
import type { Fault } from '../../types';
import type { EmulatedApi, ProviderCall, ProviderReply, RequestBody } from '../api';
import { codePointLength, has, isoMillis, isPlainObject, isStringArray, routeCall } from '../common';
import type { Stored } from '../twin';
import {
  type TerraformExecutionMode,
  terraformLinks,
  type TerraformWorkspace,
  type TerraformWorkspaceAttributes,
} from './records';

export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

/** A JSON:API error object (§4). `status` is a string, as JSON:API says. */
export interface TerraformErrorObject {
  status: string;
  title: string;
  detail?: string;
  source?: { pointer: string };
}

function errors(status: number, list: TerraformErrorObject[]): ProviderReply {
  return { status, body: { errors: list }, headers: { 'content-type': JSON_API_MEDIA_TYPE } };
}

function error(status: number, title: string, detail?: string, pointer?: string): ProviderReply {
  return errors(status, [
    {
      status: String(status),
      title,
      ...(detail === undefined ? {} : { detail }),
      ...(pointer === undefined ? {} : { source: { pointer } }),
    },
  ]);
}

// The document shows no 401/404 body (unconfirmed): the bare error object, no detail.
const unauthorized = (): ProviderReply => error(401, 'unauthorized');
export const notFound = (): ProviderReply => error(404, 'not found');
const badRequest = (detail: string, pointer?: string): ProviderReply => error(400, 'bad request', detail, pointer);

/**
 * A 429 as §5 shows it (its `status` is a number there), for fault injection: the emulator does not
 * rate-limit by itself. `resetSeconds` sets `X-RateLimit-Reset` (go-tfe reads it as seconds, §5,
 * unconfirmed as a contract) and `retryAfterSeconds` `Retry-After` (not documented); neither is
 * sent unless given, since the document promises no header.
 */
export function terraformRateLimitFault(
  options: { resetSeconds?: number; retryAfterSeconds?: number; times?: number; method?: string } = {},
): Fault {
  const headers: Record<string, string> = { 'content-type': JSON_API_MEDIA_TYPE };
  if (options.resetSeconds !== undefined) headers['x-ratelimit-reset'] = String(options.resetSeconds);
  if (options.retryAfterSeconds !== undefined) headers['retry-after'] = String(options.retryAfterSeconds);
  return {
    status: 429,
    body: { errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: 'Too many requests' }] },
    headers,
    ...(options.times === undefined ? {} : { times: options.times }),
    ...(options.method === undefined ? {} : { method: options.method }),
  };
}

// ---- Content negotiation (§1, and JSON:API's rules, which §5 says the API follows) ----

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function mediaType(value: string): { type: string; params: string[] } {
  const [type = '', ...params] = value.split(';');
  return {
    type: type.trim().toLowerCase(),
    params: params.map((p) => (p.split('=')[0] ?? '').trim().toLowerCase()).filter((p) => p !== ''),
  };
}

/** JSON:API allows only these parameters on its media type (`q` belongs to Accept, not to the type). */
const allowedParam = (param: string): boolean => param === 'ext' || param === 'profile' || param === 'q';

/**
 * 415 for a body that is not JSON (plain `application/json` is accepted: the document only ever sends
 * the JSON:API type and says nothing of plain JSON) and for the JSON:API type with other parameters
 * (`; charset=utf-8`); 406 when every JSON:API type in Accept carries such a parameter.
 */
function negotiate(call: ProviderCall): ProviderReply | undefined {
  const contentType = headerValue(call.headers['content-type']);
  if (contentType !== undefined) {
    const { type, params } = mediaType(contentType);
    if (type === JSON_API_MEDIA_TYPE && params.some((p) => p !== 'ext' && p !== 'profile')) {
      return error(
        415,
        'unsupported media type',
        `${JSON_API_MEDIA_TYPE} must not carry media type parameters other than ext and profile`,
      );
    }
    if (call.body.kind !== 'empty' && type !== JSON_API_MEDIA_TYPE && type !== 'application/json') {
      return error(415, 'unsupported media type', `Send the request body as ${JSON_API_MEDIA_TYPE}`);
    }
  }
  const accept = headerValue(call.headers.accept);
  if (accept !== undefined) {
    const jsonApi = accept
      .split(',')
      .map(mediaType)
      .filter((m) => m.type === JSON_API_MEDIA_TYPE);
    if (jsonApi.length > 0 && jsonApi.every((m) => m.params.some((p) => !allowedParam(p)))) {
      return error(406, 'not acceptable', `${JSON_API_MEDIA_TYPE} is only served without media type parameters`);
    }
  }
  return undefined;
}

// ---- The update's attributes (§2) ----

const ATTRIBUTES = '/data/attributes';
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
/** §2: the API docs give no limit; older docs made 90 a hard limit and the UI recommends it (ours: enforced). */
const NAME_LIMIT = 90;
const EXECUTION_MODES: readonly TerraformExecutionMode[] = ['remote', 'local', 'agent'];
const BOOLEANS = [
  'auto-apply',
  'auto-apply-run-trigger',
  'allow-destroy-plan',
  'speculative-enabled',
  'global-remote-state',
  'file-triggers-enabled',
  'queue-all-runs',
  'assessments-enabled',
] as const;
type BooleanAttribute = (typeof BOOLEANS)[number];
/** Every attribute the update reads; any other key (read-only ones, TFE-only ones, typos) is ignored (ours). */
const ACCEPTED = new Set<string>([
  ...BOOLEANS,
  'name',
  'description',
  'execution-mode',
  'operations',
  'agent-pool-id',
  'terraform-version',
  'working-directory',
  'trigger-prefixes',
  'trigger-patterns',
  'auto-destroy-at',
  'auto-destroy-activity-duration',
  'setting-overwrites',
  'vcs-repo',
]);

/** "auto-apply" -> "Auto apply", the way the API's details name attributes ("Name has already been taken"). */
function human(attribute: string): string {
  const words = attribute === 'agent-pool-id' ? 'agent pool' : attribute.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function invalid(attribute: string, detail: string, subPath = ''): TerraformErrorObject {
  return {
    status: '422',
    title: 'invalid attribute',
    detail,
    source: { pointer: `${ATTRIBUTES}/${attribute}${subPath}` },
  };
}

const VERSION = String.raw`\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.]+)?`;
const EXACT_VERSION = new RegExp(String.raw`^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$`);
const CONSTRAINT = new RegExp(String.raw`^(?:=|!=|>=|<=|>|<|~>)\s*${VERSION}$`);

/** §2: an exact version (`1.9.4`) or a version constraint (`~> 1.0.0`, `>= 1.5, < 2.0`). */
function isTerraformVersion(value: string): boolean {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length === 1 && EXACT_VERSION.test(parts[0] as string)) return true;
  return parts.every((p) => CONSTRAINT.test(p) || EXACT_VERSION.test(p)) && parts.some((p) => CONSTRAINT.test(p));
}

/** §2: a number greater than 0 with at most 4 digits, then `d` or `h`. */
const ACTIVITY_DURATION = /^(?=\d*[1-9])\d{1,4}[dh]$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/;
const VCS_IDENTIFIER = /^[^\s/]+\/\S+$/;

type Attributes = TerraformWorkspaceAttributes;

interface Parsed {
  patch: Partial<Attributes>;
  operations?: boolean;
  agentPoolId?: string;
  settingOverwrites?: Partial<Attributes['setting-overwrites']>;
}

/** Each attribute on its own: one error object per problem (the 422 lists them all). */
function parseAttributes(attributes: Record<string, unknown>, problems: TerraformErrorObject[]): Parsed {
  const parsed: Parsed = { patch: {} };
  const { patch } = parsed;
  for (const [key, value] of Object.entries(attributes)) {
    if (!ACCEPTED.has(key)) continue;
    // §2: only vcs-repo is documented as accepting null (ours: null elsewhere is refused).
    if (value === null && key !== 'vcs-repo') {
      problems.push(invalid(key, `${human(key)} can't be null`));
      continue;
    }
    if ((BOOLEANS as readonly string[]).includes(key)) {
      if (typeof value === 'boolean') patch[key as BooleanAttribute] = value;
      else problems.push(invalid(key, `${human(key)} must be true or false`));
      continue;
    }
    switch (key) {
      case 'name': {
        if (typeof value !== 'string') {
          problems.push(invalid(key, 'Name must be a string'));
          break;
        }
        const before = problems.length;
        if (value === '') problems.push(invalid(key, "Name can't be blank"));
        else if (!NAME_PATTERN.test(value))
          problems.push(invalid(key, 'Name can only include letters, numbers, -, and _.'));
        if (codePointLength(value) > NAME_LIMIT) {
          problems.push(invalid(key, `Name is too long (maximum is ${NAME_LIMIT} characters)`));
        }
        if (problems.length === before) patch.name = value;
        break;
      }
      case 'description':
        if (typeof value === 'string') patch.description = value;
        else problems.push(invalid(key, 'Description must be a string'));
        break;
      case 'execution-mode':
        if (EXECUTION_MODES.includes(value as TerraformExecutionMode)) {
          patch['execution-mode'] = value as TerraformExecutionMode;
        } else {
          problems.push(invalid(key, `Execution mode is not included in the list (${EXECUTION_MODES.join(', ')})`));
        }
        break;
      case 'operations':
        if (typeof value === 'boolean') parsed.operations = value;
        else problems.push(invalid(key, 'Operations must be true or false'));
        break;
      case 'agent-pool-id':
        if (typeof value === 'string' && /^apool-[A-Za-z0-9]+$/.test(value)) parsed.agentPoolId = value;
        else problems.push(invalid(key, 'Agent pool must be an agent pool ID (apool-…)'));
        break;
      case 'terraform-version':
        if (typeof value === 'string' && isTerraformVersion(value)) patch['terraform-version'] = value;
        else {
          problems.push(
            invalid(key, 'Terraform version must be an exact version (1.9.4) or a version constraint (~> 1.0.0)'),
          );
        }
        break;
      case 'working-directory':
        if (typeof value !== 'string') problems.push(invalid(key, 'Working directory must be a string'));
        else if (value.startsWith('/')) problems.push(invalid(key, 'Working directory must be a relative path'));
        else patch['working-directory'] = value;
        break;
      case 'trigger-prefixes':
      case 'trigger-patterns':
        if (isStringArray(value)) patch[key] = [...value];
        else problems.push(invalid(key, `${human(key)} must be an array of strings`));
        break;
      case 'auto-destroy-at':
        if (typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) {
          patch['auto-destroy-at'] = new Date(value).toISOString();
        } else {
          problems.push(invalid(key, 'Auto destroy at must be an ISO 8601 timestamp'));
        }
        break;
      case 'auto-destroy-activity-duration':
        if (typeof value === 'string' && ACTIVITY_DURATION.test(value)) patch['auto-destroy-activity-duration'] = value;
        else {
          problems.push(
            invalid(key, 'Auto destroy activity duration must be 1 to 4 digits greater than 0 followed by d or h'),
          );
        }
        break;
      case 'setting-overwrites':
        parsed.settingOverwrites = parseSettingOverwrites(value, problems);
        break;
      case 'vcs-repo': {
        const repo = parseVcsRepo(value, problems);
        if (repo !== undefined) patch['vcs-repo'] = repo;
        break;
      }
    }
  }
  return parsed;
}

function parseSettingOverwrites(
  value: unknown,
  problems: TerraformErrorObject[],
): Partial<Attributes['setting-overwrites']> | undefined {
  if (!isPlainObject(value)) {
    problems.push(invalid('setting-overwrites', 'Setting overwrites must be an object of booleans'));
    return undefined;
  }
  const overwrites: Partial<Attributes['setting-overwrites']> = {};
  for (const key of ['execution-mode', 'agent-pool'] as const) {
    if (!has(value, key)) continue;
    if (typeof value[key] === 'boolean') overwrites[key] = value[key];
    else problems.push(invalid('setting-overwrites', `Setting overwrites ${key} must be true or false`, `/${key}`));
  }
  return overwrites;
}

/** null removes the link (§2); the nested keys are out of the document's scope, so only their shape is checked. */
function parseVcsRepo(sent: unknown, problems: TerraformErrorObject[]): Attributes['vcs-repo'] | undefined {
  if (sent === null) return null;
  if (!isPlainObject(sent)) {
    problems.push(invalid('vcs-repo', 'VCS repo must be an object or null'));
    return undefined;
  }
  const value = sent;
  const before = problems.length;
  const string = (key: string): string | undefined => {
    if (!has(value, key)) return undefined;
    if (typeof value[key] === 'string') return value[key];
    problems.push(invalid('vcs-repo', `VCS repo ${key} must be a string`, `/${key}`));
    return undefined;
  };
  const identifier = string('identifier');
  if (identifier === undefined && !has(value, 'identifier')) {
    problems.push(invalid('vcs-repo', "VCS repo identifier can't be blank", '/identifier'));
  } else if (identifier !== undefined && !VCS_IDENTIFIER.test(identifier)) {
    problems.push(invalid('vcs-repo', 'VCS repo identifier must be <organization>/<repository>', '/identifier'));
  }
  const branch = string('branch');
  const tagsRegex = string('tags-regex');
  const oauthTokenId = string('oauth-token-id');
  const appInstallationId = string('github-app-installation-id');
  if ((oauthTokenId === undefined) === (appInstallationId === undefined) && problems.length === before) {
    problems.push(invalid('vcs-repo', 'VCS repo needs exactly one of oauth-token-id and github-app-installation-id'));
  }
  const submodules = has(value, 'ingress-submodules') ? value['ingress-submodules'] : false;
  if (typeof submodules !== 'boolean') {
    problems.push(invalid('vcs-repo', 'VCS repo ingress-submodules must be true or false', '/ingress-submodules'));
  }
  if (problems.length > before) return undefined;
  return {
    identifier: identifier as string,
    branch: branch ?? '',
    'ingress-submodules': submodules as boolean,
    'tags-regex': tagsRegex ?? null,
    ...(oauthTokenId === undefined ? {} : { 'oauth-token-id': oauthTokenId }),
    ...(appInstallationId === undefined ? {} : { 'github-app-installation-id': appInstallationId }),
  };
}

// ---- The API ----

const organizationOf = (record: TerraformWorkspace): string => record.relationships.organization.data.id;

/** `attributes.permissions` as the full response carries it (§3): what this token may do. */
function permissions(readOnly: boolean): Record<string, boolean> {
  return { 'can-update': !readOnly, 'can-destroy': !readOnly, 'can-lock': !readOnly };
}

function documentOf(entry: Stored<TerraformWorkspace>): ProviderReply {
  const { record } = entry;
  return {
    status: 200,
    body: { data: { ...record, attributes: { ...record.attributes, permissions: permissions(entry.readOnly) } } },
    headers: { 'content-type': JSON_API_MEDIA_TYPE },
  };
}

type Located = { kind: 'id'; id: string } | { kind: 'name'; organization: string; name: string };

/** `seed` gives the data it starts with and returns to on reset(). */
export function createTerraformApi(seed: () => Stored<TerraformWorkspace>[]): EmulatedApi {
  let workspaces = seed();

  function find(where: Located): Stored<TerraformWorkspace> | undefined {
    return workspaces.find((w) =>
      where.kind === 'id'
        ? w.record.id === where.id
        : organizationOf(w.record) === where.organization && w.record.attributes.name === where.name,
    );
  }

  function read(where: Located, call: ProviderCall): ProviderReply {
    const refused = negotiate(call);
    if (refused) return refused;
    const entry = find(where);
    // §4: missing and not visible look the same.
    if (!entry || !call.canAccess(entry.record)) return notFound();
    return documentOf(entry);
  }

  function update(where: Located, call: ProviderCall): ProviderReply {
    const refused = negotiate(call);
    if (refused) return refused;
    const entry = find(where);
    // §1/§4: changing settings needs Admin; a token with only Read runs gets the same 404.
    if (!entry || !call.canAccess(entry.record) || entry.readOnly) return notFound();
    const data = parseDocument(call.body, entry.record.id);
    if ('status' in data) return data;
    const problems: TerraformErrorObject[] = [];
    const parsed = parseAttributes(data.attributes, problems);
    const next = resolve(entry, data.attributes, parsed, problems);
    if (next === undefined || problems.length > 0) return errors(422, problems);
    apply(entry, next);
    return documentOf(entry);
  }

  interface Resolved {
    attributes: Attributes;
    agentPool: string | null;
  }

  /** The checks across attributes, then the workspace as it would be; undefined when a problem was found. */
  function resolve(
    entry: Stored<TerraformWorkspace>,
    sent: Record<string, unknown>,
    parsed: Parsed,
    problems: TerraformErrorObject[],
  ): Resolved | undefined {
    const current = entry.record;
    const { patch } = parsed;
    const sentMode = has(sent, 'execution-mode');
    // §2: don't send execution-mode together with operations (the deprecated remote/local switch).
    if (sentMode && has(sent, 'operations')) {
      problems.push(invalid('operations', 'Operations cannot be sent together with execution-mode'));
    }
    const mode: TerraformExecutionMode =
      patch['execution-mode'] ??
      (parsed.operations === undefined ? undefined : parsed.operations ? 'remote' : 'local') ??
      current.attributes['execution-mode'];
    const modeValid = !sentMode || patch['execution-mode'] !== undefined;
    let agentPool = current.relationships['agent-pool'].data?.id ?? null;
    if (modeValid && mode === 'agent') {
      // §2: agent-pool-id is required for agent execution (ours: one already set counts).
      agentPool = parsed.agentPoolId ?? agentPool;
      if (agentPool === null && !has(sent, 'agent-pool-id')) {
        problems.push(invalid('agent-pool-id', 'Agent pool is required when execution mode is agent'));
      }
    } else if (modeValid) {
      // §2: it must be left out for remote/local (and with operations), which drop the pool.
      if (has(sent, 'agent-pool-id')) {
        problems.push(invalid('agent-pool-id', `Agent pool must be left out when execution mode is ${mode}`));
      }
      agentPool = null;
    }
    // §2: execution-mode must be sent when setting-overwrites.execution-mode is true.
    if (parsed.settingOverwrites?.['execution-mode'] === true && !sentMode) {
      problems.push(
        invalid('execution-mode', 'Execution mode must be sent when setting-overwrites execution-mode is true'),
      );
    }
    // §1/§4: unique within the organization; the 422 text of §4.
    const name = patch.name;
    if (
      name !== undefined &&
      workspaces.some(
        (w) => w !== entry && organizationOf(w.record) === organizationOf(current) && w.record.attributes.name === name,
      )
    ) {
      problems.push(invalid('name', 'Name has already been taken'));
    }
    if (problems.length > 0) return undefined;
    const repo = patch['vcs-repo'];
    return {
      agentPool,
      attributes: {
        ...current.attributes,
        ...patch,
        'execution-mode': mode,
        'setting-overwrites': { ...current.attributes['setting-overwrites'], ...parsed.settingOverwrites },
        ...(repo === undefined ? {} : { 'vcs-repo-identifier': repo === null ? null : repo.identifier }),
      },
    };
  }

  function apply(entry: Stored<TerraformWorkspace>, next: Resolved): void {
    const record = entry.record;
    const poolBefore = record.relationships['agent-pool'].data?.id ?? null;
    // Like a Rails save, updated-at moves only when something changed (ours).
    if (JSON.stringify(next.attributes) === JSON.stringify(record.attributes) && poolBefore === next.agentPool) return;
    record.attributes = { ...next.attributes, 'updated-at': isoMillis() };
    record.relationships['agent-pool'] = {
      data: next.agentPool === null ? null : { id: next.agentPool, type: 'agent-pools' },
    };
    record.links = terraformLinks(organizationOf(record), record.attributes.name);
  }

  return {
    reset() {
      workspaces = seed();
    },
    handle(call) {
      const errorsOf = {
        unauthorized,
        unknownPath: notFound,
        methodNotAllowed: (allow: string) => error(405, 'method not allowed', `Use ${allow}`),
      };
      if (call.segments[0] === 'organizations') {
        return routeCall(call, {
          pattern: ['organizations', ':organization', 'workspaces', ':name'],
          methods: {
            GET: ({ organization, name }, c) => read({ kind: 'name', organization, name } as Located, c),
            PATCH: ({ organization, name }, c) => update({ kind: 'name', organization, name } as Located, c),
          },
          ...errorsOf,
        });
      }
      return routeCall(call, {
        pattern: ['workspaces', ':id'],
        methods: {
          GET: ({ id }, c) => read({ kind: 'id', id: id as string }, c),
          PATCH: ({ id }, c) => update({ kind: 'id', id: id as string }, c),
        },
        ...errorsOf,
      });
    },
  };
}

/**
 * The JSON:API document around the attributes (§2): 400 for a body that is not a document
 * (ours: the document shows no such case), 409 when `data.type` or `data.id` name another
 * resource (JSON:API's rule, which §4 cites; unconfirmed for HCP Terraform).
 */
function parseDocument(body: RequestBody, id: string): { attributes: Record<string, unknown> } | ProviderReply {
  if (body.kind === 'empty') return badRequest('The request body must be a JSON:API document');
  if (body.kind === 'invalid') return badRequest('The request body is not valid JSON');
  const document = body.value;
  if (!isPlainObject(document) || !isPlainObject(document.data)) {
    return badRequest('The request body must have a top-level data object', '/data');
  }
  const data = document.data;
  if (!has(data, 'type')) return badRequest('data.type is required', '/data/type');
  if (typeof data.type !== 'string') return badRequest('data.type must be a string', '/data/type');
  if (data.type !== 'workspaces') {
    return error(
      409,
      'conflict',
      `The resource type '${data.type}' does not match this endpoint (workspaces)`,
      '/data/type',
    );
  }
  if (has(data, 'id') && data.id !== id) {
    return error(409, 'conflict', `The resource id does not match this endpoint's workspace (${id})`, '/data/id');
  }
  if (!has(data, 'attributes')) return { attributes: {} };
  if (!isPlainObject(data.attributes)) return badRequest('data.attributes must be an object', '/data/attributes');
  return { attributes: data.attributes };
}
