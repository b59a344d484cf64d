// Dreadnode: GET|PUT /org/{org}/ws/{ws} (under /api/v1). {ws} is the workspace's key, so a
// key change moves it. Errors use the canonical envelope {code, detail, type, errors?}, with
// pydantic-style validation entries (the API is FastAPI-shaped), but strict: no coercion.
import type { EmulatedApi, ProviderCall, ProviderReply } from '../api';
import { isoSeconds, isPlainObject, REFERENCE_PATTERN, routeCall } from '../common';
import type { DreadnodeWorkspace, StoredDreadnode } from './records';

interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

function envelope(code: number, detail: string, type: string, errors?: ValidationIssue[]): ProviderReply {
  return { status: code, body: { code, detail, type, ...(errors ? { errors } : {}) } };
}

const notFound = (): ProviderReply => envelope(404, 'Workspace not found', 'not_found');
export const forbidden = (): ProviderReply => envelope(403, 'Access forbidden', 'permission_denied');

function validation(errors: ValidationIssue[]): ProviderReply {
  return envelope(422, 'Validation error', 'validation_error', errors);
}

type Patch = Partial<Pick<DreadnodeWorkspace, 'description' | 'is_active' | 'key' | 'name'>>;

const STRING = { msg: 'Input should be a valid string', type: 'string_type' };

/** Returns the patch or every problem found (pydantic reports all of them at once). */
function parsePatch(body: unknown): Patch | ValidationIssue[] {
  if (!isPlainObject(body)) {
    return [
      {
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        type: 'model_attributes_type',
      },
    ];
  }
  const issues: ValidationIssue[] = [];
  const patch: Patch = {};
  for (const [key, value] of Object.entries(body)) {
    const loc = ['body', key];
    switch (key) {
      case 'description':
        if (value === null || typeof value === 'string') patch.description = value;
        else issues.push({ loc, ...STRING });
        break;
      case 'is_active':
        if (typeof value === 'boolean') patch.is_active = value;
        else issues.push({ loc, msg: 'Input should be a valid boolean', type: 'bool_type' });
        break;
      case 'name':
        if (typeof value === 'string') patch.name = value;
        else issues.push({ loc, ...STRING });
        break;
      case 'key':
        if (typeof value !== 'string') issues.push({ loc, ...STRING });
        else if (!REFERENCE_PATTERN.test(value)) {
          issues.push({
            loc,
            msg: `String should match pattern '${REFERENCE_PATTERN.source}'`,
            type: 'string_pattern_mismatch',
          });
        } else patch.key = value;
        break;
      default:
        issues.push({ loc, msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    }
  }
  return issues.length > 0 ? issues : patch;
}

/** `seed` gives the data it starts with and returns to on reset(). */
export function createDreadnodeApi(seed: () => StoredDreadnode[]): EmulatedApi {
  let workspaces = seed();
  const find = (org: string, key: string): StoredDreadnode | undefined =>
    workspaces.find((w) => w.org === org && w.record.key === key);

  function update(org: string, key: string, call: ProviderCall): ProviderReply {
    const entry = find(org, key);
    if (!entry) return notFound();
    if (entry.readOnly || !call.canAccess(entry.record)) return forbidden();
    if (call.body.kind === 'invalid') return envelope(400, 'Invalid request', 'invalid_request');
    if (call.body.kind === 'empty') {
      return validation([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
    }
    const patch = parsePatch(call.body.value);
    if (Array.isArray(patch)) return validation(patch);
    if (patch.key !== undefined && patch.key !== key && find(org, patch.key)) {
      return envelope(409, `Workspace with key '${patch.key}' already exists`, 'conflict');
    }
    Object.assign(entry.record, patch, { updated_at: isoSeconds() });
    return { status: 200, body: entry.record };
  }

  return {
    reset() {
      workspaces = seed();
    },
    handle(call) {
      return routeCall(call, {
        pattern: ['org', ':org', 'ws', ':ws'],
        methods: {
          GET: ({ org, ws }, c) => {
            const entry = find(org as string, ws as string);
            if (!entry) return notFound();
            return c.canAccess(entry.record) ? { status: 200, body: entry.record } : forbidden();
          },
          PUT: ({ org, ws }, c) => update(org as string, ws as string, c),
        },
        unauthorized: () => envelope(401, 'Authentication failed', 'authentication_error'),
        unknownPath: () => envelope(404, 'Not found', 'not_found'),
        methodNotAllowed: () => envelope(405, 'Method not allowed', 'method_not_allowed'),
      });
    },
  };
}
