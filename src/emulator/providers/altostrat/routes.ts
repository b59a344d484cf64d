// Altostrat: GET|PATCH /workspaces/{workspaceId}. 400 has the documented ErrorResponse
// {type, code, message, doc_url}; 401, 403 and 404 have no body because the document
// defines none (a client must not depend on one).
import type { EmulatedApi, ProviderCall, ProviderReply } from '../api';
import { codePointLength, has, isoMicros, isPlainObject, routeCall } from '../common';
import type { Stored } from '../twin';
import type { AltostratWorkspace } from './records';

function badRequest(code: 'parameter_invalid' | 'parameter_missing', message: string): ProviderReply {
  return {
    status: 400,
    body: { type: 'invalid_request_error', code, message, doc_url: `https://docs.altostrat.io/errors/${code}` },
  };
}

const bare = (status: number): ProviderReply => ({ status });

type Patch = Partial<Pick<AltostratWorkspace, 'name' | 'description'>>;

function parsePatch(body: unknown): Patch | ProviderReply {
  if (!isPlainObject(body)) return badRequest('parameter_invalid', 'The request body must be a JSON object.');
  const unknown = Object.keys(body).find((k) => k !== 'name' && k !== 'description');
  if (unknown !== undefined) return badRequest('parameter_invalid', `The '${unknown}' parameter is not recognized.`);
  const patch: Patch = {};
  if (has(body, 'name')) {
    if (typeof body.name !== 'string') return badRequest('parameter_invalid', "The 'name' parameter must be a string.");
    if (codePointLength(body.name) > 50) {
      return badRequest('parameter_invalid', "The 'name' parameter cannot exceed 50 characters.");
    }
    patch.name = body.name;
  }
  if (has(body, 'description')) {
    const description = body.description;
    if (description !== null && typeof description !== 'string') {
      return badRequest('parameter_invalid', "The 'description' parameter must be a string.");
    }
    if (description !== null && codePointLength(description) > 200) {
      return badRequest('parameter_invalid', "The 'description' parameter cannot exceed 200 characters.");
    }
    patch.description = description;
  }
  return patch;
}

/** `seed` gives the data it starts with and returns to on reset(). */
export function createAltostratApi(seed: () => Stored<AltostratWorkspace>[]): EmulatedApi {
  let workspaces = seed();
  const find = (id: string): Stored<AltostratWorkspace> | undefined => workspaces.find((w) => w.record.id === id);

  function update(id: string, call: ProviderCall): ProviderReply {
    const entry = find(id);
    if (!entry) return bare(404);
    if (entry.readOnly || !call.canAccess(entry.record)) return bare(403);
    if (call.body.kind === 'empty') return badRequest('parameter_missing', 'The request body is required.');
    if (call.body.kind === 'invalid') return badRequest('parameter_invalid', 'The request body must be valid JSON.');
    const patch = parsePatch(call.body.value);
    if ('status' in patch) return patch;
    Object.assign(entry.record, patch, { updated_at: isoMicros() });
    return { status: 200, body: entry.record };
  }

  return {
    reset() {
      workspaces = seed();
    },
    handle(call) {
      return routeCall(call, {
        pattern: ['workspaces', ':workspaceId'],
        methods: {
          GET: ({ workspaceId }, c) => {
            const entry = find(workspaceId as string);
            if (!entry) return bare(404);
            return c.canAccess(entry.record) ? { status: 200, body: entry.record } : bare(403);
          },
          PATCH: ({ workspaceId }, c) => update(workspaceId as string, c),
        },
        unauthorized: () => bare(401),
        unknownPath: () => bare(404),
        methodNotAllowed: () => bare(405),
      });
    },
  };
}
