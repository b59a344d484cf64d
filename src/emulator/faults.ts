// Injected faults: a per-emulator queue (consumed in injection order, `times` counted down),
// the validation of faults sent over HTTP, and what each kind does to the response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from './http';
import type { EmulatedProvider } from './providers/registry';
import type { Fault, FaultKind } from './types';

interface QueuedFault {
  provider: EmulatedProvider;
  fault: Fault;
  remaining: number;
}

export class FaultBook {
  private queue: QueuedFault[] = [];

  add(provider: EmulatedProvider, fault: Fault): void {
    const problem = checkFault(fault);
    if (problem) throw new TypeError(`Invalid fault: ${problem}`);
    const remaining = fault.times ?? 1;
    if (remaining > 0) this.queue.push({ provider, fault: { ...fault }, remaining });
  }

  /** The first fault that matches, with one use consumed; undefined when none does. */
  take(provider: EmulatedProvider, method: string): Fault | undefined {
    const index = this.queue.findIndex(
      (q) => q.provider === provider && (q.fault.method === undefined || q.fault.method.toUpperCase() === method),
    );
    const queued = this.queue[index];
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    return queued.fault;
  }

  clear(): void {
    this.queue = [];
  }

  /** For GET /__emulator/faults; Infinity is not JSON, so it is listed as null. */
  list(): unknown[] {
    return this.queue.map((q) => ({
      provider: q.provider,
      ...q.fault,
      times: Number.isFinite(q.remaining) ? q.remaining : null,
    }));
  }
}

const KINDS: readonly FaultKind[] = ['reset', 'hang', 'malformed-json', 'wrong-shape', 'huge-body'];

/** Returns what is wrong with a fault, or undefined. */
export function checkFault(fault: Fault): string | undefined {
  const { status, headers, delayMs, kind, times, method } = fault;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    return 'status must be an integer from 100 to 599';
  }
  if (headers !== undefined) {
    const ok =
      typeof headers === 'object' && headers !== null && Object.values(headers).every((v) => typeof v === 'string');
    if (!ok) return 'headers must be an object of strings';
  }
  if (delayMs !== undefined && !(typeof delayMs === 'number' && delayMs >= 0 && Number.isFinite(delayMs))) {
    return 'delayMs must be a non-negative number';
  }
  if (kind !== undefined && !KINDS.includes(kind)) return `kind must be one of ${KINDS.join(', ')}`;
  if (times !== undefined && !(times === Infinity || (Number.isInteger(times) && times >= 0))) {
    return 'times must be a non-negative integer or Infinity';
  }
  if (method !== undefined && (typeof method !== 'string' || method === '')) return 'method must be a string';
  return undefined;
}

const FAULT_FIELDS = ['status', 'body', 'headers', 'delayMs', 'kind', 'times', 'method'] as const;

/** What POST /__emulator/faults takes, for its refusals: the fault's fields sit next to `provider`. */
const expectedFaultBody = (providers: readonly string[]): string =>
  `expected one flat JSON object, the provider and the fault's fields side by side, e.g. ` +
  `{"provider": "vertra", "status": 503, "headers": {"retry-after": "2"}, "times": 2}; ` +
  `fields: provider (${providers.join(', ')}), ${FAULT_FIELDS.join(', ')}`;

/** The control endpoint's body {provider, ...Fault}, `provider` one of those served; `times: null` means Infinity. */
export function parseFaultRequest(
  body: unknown,
  providers: readonly EmulatedProvider[],
): { provider: EmulatedProvider; fault: Fault } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `body must be a JSON object: ${expectedFaultBody(providers)}`;
  }
  const { provider, times, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest).find((k) => !(FAULT_FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) return `unknown fault field '${unknown}': ${expectedFaultBody(providers)}`;
  if (provider === undefined) return `provider is missing: ${expectedFaultBody(providers)}`;
  const known = providers.find((p) => p === provider);
  if (known === undefined) return `provider must be one of ${providers.join(', ')}`;
  const fault = { ...rest, ...(times === undefined ? {} : { times: times === null ? Infinity : times }) } as Fault;
  const problem = checkFault(fault);
  return problem ?? { provider: known, fault };
}

let hugeBody: string | undefined;

/** ~5 MB of valid JSON, built once per process. */
function hugeJson(): string {
  hugeBody ??= JSON.stringify({ padding: 'x'.repeat(5 * 1024 * 1024) });
  return hugeBody;
}

/**
 * Applies a fault (its delay already waited for). Returns false when the call should go on to
 * normal handling (a fault with neither kind, status nor body lets it through: a delay,
 * and its headers are added to the normal reply).
 */
export function performFault(req: IncomingMessage, res: ServerResponse, fault: Fault): boolean {
  const headers = fault.headers ?? {};
  switch (fault.kind) {
    case 'reset':
      // No response at all: the client sees a reset / closed socket.
      req.socket.destroy();
      return true;
    case 'hang':
      // Never answered; close() destroys the socket.
      return true;
    case 'malformed-json':
      send(res, fault.status ?? 200, '{"id":"truncated","name":"trunc', headers);
      return true;
    case 'wrong-shape':
      send(res, fault.status ?? 200, { unexpected: true }, headers);
      return true;
    case 'huge-body':
      send(res, fault.status ?? 200, hugeJson(), headers);
      return true;
    case undefined:
      if (fault.status === undefined && fault.body === undefined) return false;
      send(res, fault.status ?? 200, fault.body, headers);
      return true;
  }
}
