// Vertra Cloud: GET|PUT /workspaces/{id} (under /v1). PUT takes {"updates": {...}}; success is
// {"response": workspace}; errors are {code, message} with the document's codes.
import type { EmulatedApi, ProviderCall, ProviderReply } from '../api';
import { codePointLength, has, isoSeconds, isPlainObject, isStringArray, routeCall } from '../common';
import type { Stored } from '../twin';
import type { VertraWorkspace } from './records';

function failure(status: number, code: string, message: string): ProviderReply {
  return { status, body: { code, message } };
}

const notFound = (): ProviderReply => failure(404, 'NOT_FOUND', 'Workspace not found');
export const forbidden = (action: 'access' | 'update'): ProviderReply =>
  failure(403, 'FORBIDDEN', `You do not have permission to ${action} this workspace`);

const LIMITS = { name: 50, description: 200, tag: 20 };

type Patch = Partial<Pick<VertraWorkspace, 'name' | 'description' | 'tags'>>;

/** The checks in the document's order; returns the patch or the first failure. */
function parseUpdates(updates: Record<string, unknown>): Patch | ProviderReply {
  const unknown = Object.keys(updates).find((k) => !['name', 'description', 'tags'].includes(k));
  if (unknown !== undefined) return failure(400, 'INVALID_REQUEST', `Unknown field '${unknown}' in updates`);
  const patch: Patch = {};
  if (has(updates, 'name')) {
    const name = updates.name;
    if (typeof name !== 'string') return failure(400, 'NAME_MUST_BE_A_STRING', 'The provided name is not a string.');
    if (codePointLength(name) > LIMITS.name) {
      return failure(400, 'NAME_TOO_LONG', `The provided name exceeds ${LIMITS.name} characters.`);
    }
    patch.name = name;
  }
  if (has(updates, 'description')) {
    const description = updates.description;
    if (typeof description !== 'string') {
      return failure(400, 'DESCRIPTION_MUST_BE_A_STRING', 'The provided description is not a string.');
    }
    if (codePointLength(description) > LIMITS.description) {
      return failure(400, 'DESCRIPTION_TOO_LONG', `The provided description exceeds ${LIMITS.description} characters.`);
    }
    patch.description = description;
  }
  if (has(updates, 'tags')) {
    const tags = updates.tags;
    if (!isStringArray(tags))
      return failure(400, 'TAGS_MUST_BE_AN_ARRAY', 'The provided tags are not an array of strings.');
    if (tags.some((t) => codePointLength(t) > LIMITS.tag)) {
      return failure(400, 'TAG_TOO_LONG', `One or more tags exceed ${LIMITS.tag} characters.`);
    }
    patch.tags = [...tags];
  }
  return patch;
}

/** `seed` gives the data it starts with and returns to on reset(). */
export function createVertraApi(seed: () => Stored<VertraWorkspace>[]): EmulatedApi {
  let workspaces = seed();
  const find = (id: string): Stored<VertraWorkspace> | undefined => workspaces.find((w) => w.record.id === id);

  function update(id: string, call: ProviderCall): ProviderReply {
    const entry = find(id);
    if (!entry) return notFound();
    if (entry.readOnly || !call.canAccess(entry.record)) return forbidden('update');
    const body = call.body.kind === 'json' ? call.body.value : undefined;
    if (!isPlainObject(body) || !isPlainObject(body.updates) || Object.keys(body).some((k) => k !== 'updates')) {
      return failure(400, 'INVALID_REQUEST', 'The request body must be {"updates": {...}}');
    }
    const patch = parseUpdates(body.updates);
    if ('status' in patch) return patch;
    const name = patch.name;
    if (name !== undefined && workspaces.some((w) => w !== entry && w.record.name === name)) {
      return failure(409, 'ORGANIZATION_NAME_ALREADY_EXISTS', 'A workspace with the provided name already exists.');
    }
    Object.assign(entry.record, patch, { updated_at: isoSeconds() });
    return { status: 200, body: { response: entry.record } };
  }

  return {
    reset() {
      workspaces = seed();
    },
    handle(call) {
      return routeCall(call, {
        pattern: ['workspaces', ':id'],
        methods: {
          GET: ({ id }, c) => {
            const entry = find(id as string);
            if (!entry) return notFound();
            return c.canAccess(entry.record) ? { status: 200, body: { response: entry.record } } : forbidden('access');
          },
          PUT: ({ id }, c) => update(id as string, c),
        },
        // The document's example is exactly this body, without a message.
        unauthorized: () => ({ status: 401, body: { code: 'UNAUTHORIZED' } }),
        unknownPath: () => failure(404, 'NOT_FOUND', 'Not found'),
        methodNotAllowed: () => failure(405, 'METHOD_NOT_ALLOWED', 'Method not allowed'),
      });
    },
  };
}
