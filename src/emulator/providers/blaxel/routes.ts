// Blaxel: GET|PUT /workspaces/{workspaceName} (under /v0). The workspace is addressed by its
// name, so a rename moves it. Errors are not documented: we answer {error, message}.
import type { EmulatedApi, ProviderCall, ProviderReply } from '../api';
import { has, isoMillis, isPlainObject, isStringRecord, REFERENCE_PATTERN, routeCall } from '../common';
import type { Stored } from '../twin';
import type { BlaxelWorkspace } from './records';

/** Who the emulator says made the update (the token carries no identity). */
const CALLER = 'emulator@blaxel.local';

const UPDATABLE = ['accountId', 'displayName', 'groupMappings', 'labels', 'name', 'region', 'runtime'] as const;

function error(status: number, code: string, message: string): ProviderReply {
  return { status, body: { error: code, message } };
}

export const forbidden = (action: 'access' | 'update', name: string): ProviderReply =>
  error(403, 'forbidden', `You do not have permission to ${action} workspace '${name}'`);

type Patch = Partial<Pick<BlaxelWorkspace, (typeof UPDATABLE)[number]>>;

/** Returns the patch, or the 400 message. */
function parsePatch(body: unknown): Patch | string {
  if (!isPlainObject(body)) return 'Request body must be a JSON object';
  for (const key of Object.keys(body)) {
    if (!(UPDATABLE as readonly string[]).includes(key)) return `Unknown field '${key}'`;
  }
  const patch: Patch = {};
  for (const key of ['accountId', 'displayName', 'name', 'region'] as const) {
    if (!has(body, key)) continue;
    const value = body[key];
    if (typeof value !== 'string') return `'${key}' must be a string`;
    patch[key] = value;
  }
  if (patch.name !== undefined && !REFERENCE_PATTERN.test(patch.name)) {
    return "'name' must be a non-empty string of letters, digits, '.', '_', '~' or '-'";
  }
  if (has(body, 'labels')) {
    if (!isStringRecord(body.labels)) return "'labels' must be an object of strings";
    patch.labels = { ...body.labels };
  }
  if (has(body, 'groupMappings')) {
    const mappings = body.groupMappings;
    const valid =
      Array.isArray(mappings) &&
      mappings.every(
        (m) =>
          isPlainObject(m) &&
          Object.keys(m).every((k) => k === 'groupName' || k === 'role') &&
          typeof m.groupName === 'string' &&
          typeof m.role === 'string',
      );
    if (!valid) return "'groupMappings' must be an array of {groupName, role} strings";
    patch.groupMappings = (mappings as { groupName: string; role: string }[]).map((m) => ({
      groupName: m.groupName,
      role: m.role,
    }));
  }
  if (has(body, 'runtime')) {
    const runtime = body.runtime;
    if (
      !isPlainObject(runtime) ||
      typeof runtime.generation !== 'string' ||
      Object.keys(runtime).some((k) => k !== 'generation')
    ) {
      return "'runtime' must be an object {generation: string}";
    }
    patch.runtime = { generation: runtime.generation };
  }
  return patch;
}

/** `seed` gives the data it starts with and returns to on reset(). */
export function createBlaxelApi(seed: () => Stored<BlaxelWorkspace>[]): EmulatedApi {
  let workspaces = seed();
  const find = (name: string): Stored<BlaxelWorkspace> | undefined => workspaces.find((w) => w.record.name === name);

  function update(name: string, call: ProviderCall): ProviderReply {
    const entry = find(name);
    if (!entry) return error(404, 'not_found', `Workspace '${name}' not found`);
    if (entry.readOnly || !call.canAccess(entry.record)) return forbidden('update', name);
    if (call.body.kind !== 'json') return error(400, 'bad_request', 'Request body must be JSON');
    const patch = parsePatch(call.body.value);
    if (typeof patch === 'string') return error(400, 'bad_request', patch);
    if (patch.name !== undefined && patch.name !== name && find(patch.name)) {
      return error(409, 'conflict', `Workspace '${patch.name}' already exists`);
    }
    Object.assign(entry.record, patch, { updatedAt: isoMillis(), updatedBy: CALLER });
    return { status: 200, body: entry.record };
  }

  return {
    reset() {
      workspaces = seed();
    },
    handle(call) {
      return routeCall(call, {
        pattern: ['workspaces', ':name'],
        methods: {
          GET: ({ name }, c) => {
            const entry = find(name as string);
            if (!entry) return error(404, 'not_found', `Workspace '${name}' not found`);
            return c.canAccess(entry.record)
              ? { status: 200, body: entry.record }
              : forbidden('access', name as string);
          },
          PUT: ({ name }, c) => update(name as string, c),
        },
        unauthorized: () => error(401, 'unauthorized', 'Missing or invalid bearer token'),
        unknownPath: () => error(404, 'not_found', 'Not found'),
        methodNotAllowed: (allow) => error(405, 'method_not_allowed', `Method not allowed; use ${allow}`),
      });
    },
  };
}
