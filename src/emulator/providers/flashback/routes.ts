// Flashback: GET|PUT /workspace/{id}. Bodies are {success, workspace} or {success:false, message}.
// The document has no 401: a missing or wrong token is its 400 "User not found or account is
// not validated". 409 (name taken in the organisation) and 422 (bad body) are our choices.
import type { EmulatedApi, ProviderCall, ProviderReply } from '../api';
import { isPlainObject, routeCall } from '../common';
import type { Stored } from '../twin';
import type { FlashbackWorkspace } from './records';

function failure(status: number, message: string): ProviderReply {
  return { status, body: { success: false, message } };
}

function success(record: FlashbackWorkspace): ProviderReply {
  return { status: 200, body: { success: true, workspace: record } };
}

const notFound = (): ProviderReply => failure(404, 'Workspace not found');
const invalid = (): ProviderReply => failure(422, 'Invalid workspace data');
export const forbidden = (action: 'access' | 'update'): ProviderReply =>
  failure(403, `Insufficient permissions to ${action} workspace`);

/** `seed` gives the data it starts with and returns to on reset(). */
export function createFlashbackApi(seed: () => Stored<FlashbackWorkspace>[]): EmulatedApi {
  let workspaces = seed();
  const find = (id: string): Stored<FlashbackWorkspace> | undefined => workspaces.find((w) => w.record.id === id);

  function update(id: string, call: ProviderCall): ProviderReply {
    const entry = find(id);
    if (!entry) return notFound();
    if (entry.readOnly || !call.canAccess(entry.record)) return forbidden('update');
    if (call.body.kind !== 'json') return invalid();
    const body = call.body.value;
    // Only `name` is updatable; anything else is not workspace data this endpoint accepts.
    if (!isPlainObject(body) || Object.keys(body).some((k) => k !== 'name')) return invalid();
    if ('name' in body) {
      if (typeof body.name !== 'string') return invalid();
      const name = body.name;
      const taken = workspaces.some(
        (w) => w !== entry && w.record.orgId === entry.record.orgId && w.record.name === name,
      );
      if (taken) return failure(409, 'A workspace with this name already exists in the organization');
      entry.record.name = name;
    }
    return success(entry.record);
  }

  return {
    reset() {
      workspaces = seed();
    },
    handle(call) {
      return routeCall(call, {
        pattern: ['workspace', ':id'],
        methods: {
          GET: ({ id }, c) => {
            const entry = find(id as string);
            if (!entry) return notFound();
            return c.canAccess(entry.record) ? success(entry.record) : forbidden('access');
          },
          PUT: ({ id }, c) => update(id as string, c),
        },
        unauthorized: () => failure(400, 'User not found or account is not validated'),
        unknownPath: () => failure(404, 'Not found'),
        methodNotAllowed: () => failure(405, 'Method not allowed'),
      });
    },
  };
}
