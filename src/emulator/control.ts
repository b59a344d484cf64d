// The unauthenticated control API under /__emulator, so that tests and benchmarks running in
// another process can inject faults, read recorded calls, set latency and reseed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FaultBook, parseFaultRequest } from './faults';
import { classifyBody, readBody, send } from './http';
import type { EmulatedProvider } from './providers/registry';
import { MAX_EXTRA_WORKSPACES } from './providers/twin';
import type { RecordedRequest } from './types';

export const CONTROL_PREFIX = '/__emulator';

export interface ControlTarget {
  /** The providers served: what `provider` may name. */
  providers: readonly EmulatedProvider[];
  faults: FaultBook;
  requests: RecordedRequest[];
  setLatency(ms: number, provider?: EmulatedProvider): void;
  latency(): unknown;
  setExtraWorkspaces(count: number): Record<EmulatedProvider, string[]>;
  reset(): void;
  health(): unknown;
}

type Handler = (body: unknown) => { status: number; body: unknown };

const ok = (extra: Record<string, unknown> = {}) => ({ status: 200, body: { ok: true, ...extra } });
const badRequest = (message: string) => ({ status: 400, body: { error: 'bad_request', message } });

function routes(target: ControlTarget): Record<string, Record<string, Handler>> {
  return {
    '/faults': {
      GET: () => ({ status: 200, body: target.faults.list() }),
      POST: (body) => {
        const parsed = parseFaultRequest(body, target.providers);
        if (typeof parsed === 'string') return badRequest(parsed);
        target.faults.add(parsed.provider, parsed.fault);
        return { status: 201, body: { ok: true } };
      },
      DELETE: () => {
        target.faults.clear();
        return ok();
      },
    },
    '/requests': {
      GET: () => ({ status: 200, body: target.requests }),
      DELETE: () => {
        target.requests.length = 0;
        return ok();
      },
    },
    '/latency': {
      GET: () => ({ status: 200, body: target.latency() }),
      POST: (body) => {
        const { ms, provider } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
          return badRequest('ms must be a non-negative number');
        const known = target.providers.find((p) => p === provider);
        if (provider !== undefined && provider !== null && known === undefined) {
          return badRequest(`provider must be one of ${target.providers.join(', ')}`);
        }
        target.setLatency(ms, known);
        return ok({ latency: target.latency() });
      },
    },
    // Reseeds every provider with `count` extra writable workspaces (for batches); answers their ids.
    '/extra-workspaces': {
      POST: (body) => {
        const { count } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_EXTRA_WORKSPACES) {
          return badRequest(`count must be an integer from 0 to ${MAX_EXTRA_WORKSPACES}`);
        }
        return ok({ ids: target.setExtraWorkspaces(count) });
      },
    },
    '/reset': {
      POST: () => {
        target.reset();
        return ok();
      },
    },
    '/health': {
      GET: () => ({ status: 200, body: target.health() }),
    },
  };
}

/** `path` is the raw path after CONTROL_PREFIX. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  target: ControlTarget,
): Promise<void> {
  const raw = await readBody(req);
  const methods = routes(target)[path];
  if (!methods) {
    send(res, 404, { error: 'not_found', message: `No control endpoint ${CONTROL_PREFIX}${path}` });
    return;
  }
  const method = req.method ?? 'GET';
  const handler = methods[method];
  if (!handler) {
    const allow = Object.keys(methods).join(', ');
    send(res, 405, { error: 'method_not_allowed', message: `Use ${allow}` }, { allow });
    return;
  }
  const body = classifyBody(raw, req.headers['content-type']);
  if (body.kind === 'invalid') {
    send(res, 400, { error: 'bad_request', message: 'body must be JSON, sent with content-type: application/json' });
    return;
  }
  const reply = handler(body.kind === 'json' ? body.value : undefined);
  send(res, reply.status, reply.body);
}
