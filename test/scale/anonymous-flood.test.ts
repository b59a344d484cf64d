// Security review: under AUTH_MODE=jwt an anonymous `{ a0: _service { sdl } … a49: … }` answered
// 575 KB, and batches of 400 of them took the process from 182 MB to 1.28 GB RSS. The same flood,
// concurrent, over real HTTP against a subgraph process: every request is refused small and early,
// the process's peak RSS (VmHWM) stays low, and nothing reaches the providers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { startEmulator, type Emulator } from '../../src/emulator';
import { jwtEnv, makeKey, serveJwks, type JwksServer } from '../support/jwt';
import { startSubgraphProcess, type SubgraphProcess } from '../support/processes';

const ALIASES = 50;
const ROUNDS = 30;
const CONCURRENCY = 20;
const MAX_BODY_BYTES = 1024 * 1024;
const PEAK_RSS_LIMIT_KB = 300 * 1024;

/** The finding's query: `_service { sdl }` 50 times under aliases. */
const ALIASED = `{ ${Array.from({ length: ALIASES }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }`;
const attacks = {
  aliased: JSON.stringify({ query: ALIASED }),
  batchOf400: JSON.stringify(Array.from({ length: 400 }, () => ({ query: ALIASED }))),
  batchOf10: JSON.stringify(Array.from({ length: 10 }, () => ({ query: ALIASED }))),
};
type Attack = keyof typeof attacks;

let emulator: Emulator;
let jwks: JwksServer;
let subgraph: SubgraphProcess;

beforeAll(async () => {
  emulator = await startEmulator();
  jwks = await serveJwks([await makeKey('RS256')]);
  subgraph = await startSubgraphProcess({
    ...jwtEnv(jwks),
    ...Object.fromEntries(
      PROVIDER_NAMES.flatMap((p) => [
        [`${p.toUpperCase()}_BASE_URL`, emulator.baseUrls[p]],
        [`${p.toUpperCase()}_API_TOKEN`, emulator.token],
      ]),
    ),
  });
}, 60_000);

afterAll(async () => {
  await subgraph?.stop();
  await jwks?.close();
  await emulator?.close();
});

/** Peak resident set size of the subgraph process so far, in kB (Linux's VmHWM). */
function peakRssKb(): number {
  const status = readFileSync(`/proc/${subgraph.child.pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error('no VmHWM in /proc/<pid>/status');
  return Number(kb);
}

/** POST without Authorization; the whole answer read, as an attacker would. */
async function post(body: string) {
  const response = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    bytes: text.byteLength,
    json: JSON.parse(text.toString('utf8')) as unknown,
  };
}

type ErrorsBody = { errors: { extensions?: { code?: string } }[] };
const codes = (body: unknown): (string | undefined)[] =>
  (Array.isArray(body) ? (body as ErrorsBody[]) : [body as ErrorsBody]).flatMap((b) =>
    b.errors.map((e) => e.extensions?.code),
  );

interface Tally {
  requests: number;
  statuses: Set<number>;
  /** `WWW-Authenticate` values seen. */
  challenges: Set<string | null>;
  codes: Set<string | undefined>;
  largest: number;
}

describe('an anonymous flood of aliased and batched `_service { sdl }` under AUTH_MODE=jwt', () => {
  it('is refused small and early: peak RSS stays bounded and no provider is called', async () => {
    // The attack bodies are admitted by size: the batch cap, not the 1 MiB body limit, refuses them.
    expect(Buffer.byteLength(attacks.batchOf400)).toBeLessThan(MAX_BODY_BYTES);

    const before = peakRssKb();
    const kinds = Object.keys(attacks) as Attack[];
    const tally = Object.fromEntries(
      kinds.map((kind) => [
        kind,
        { requests: 0, statuses: new Set(), challenges: new Set(), codes: new Set(), largest: 0 } satisfies Tally,
      ]),
    ) as Record<Attack, Tally>;
    let received = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, i) => {
          const kind = kinds[(round + i) % kinds.length]!;
          return { kind, ...(await post(attacks[kind])) };
        }),
      );
      for (const answer of answers) {
        const t = tally[answer.kind];
        t.requests += 1;
        t.statuses.add(answer.status);
        t.challenges.add(answer.wwwAuthenticate);
        for (const code of codes(answer.json)) t.codes.add(code);
        t.largest = Math.max(t.largest, answer.bytes);
        received += answer.bytes;
      }
    }
    // What a router's SDL fetch sends is still answered without a token.
    const sdl = await post(JSON.stringify({ query: '{ _service { sdl } }' }));
    const after = peakRssKb();
    const summary = kinds.map(
      (k) => `${k}: ${tally[k].requests} x ${[...tally[k].statuses]}, largest ${tally[k].largest} B`,
    );
    console.log(
      `anonymous flood: ${ROUNDS * CONCURRENCY} requests (${summary.join('; ')}), ${received} bytes received; ` +
        `subgraph VmHWM ${before} kB before, ${after} kB after`,
    );

    // (a) one operation, 50 aliases: 401, Bearer, one UNAUTHENTICATED error.
    expect(tally.aliased.statuses).toEqual(new Set([401]));
    expect(tally.aliased.challenges).toEqual(new Set(['Bearer']));
    expect(tally.aliased.codes).toEqual(new Set(['UNAUTHENTICATED']));
    expect(tally.aliased.largest).toBeLessThan(1024);
    // (c) a batch within MAX_BATCH_OPERATIONS: 401 before anything runs. One error per operation
    // (10 x ~133 B), whatever the operations select.
    expect(tally.batchOf10.statuses).toEqual(new Set([401]));
    expect(tally.batchOf10.challenges).toEqual(new Set(['Bearer']));
    expect(tally.batchOf10.codes).toEqual(new Set(['UNAUTHENTICATED']));
    expect(tally.batchOf10.largest).toBeLessThan(2 * 1024);
    // (b) a batch over MAX_BATCH_OPERATIONS: refused whole (400, or 401), and small.
    expect([...tally.batchOf400.statuses].every((status) => status === 400 || status === 401)).toBe(true);
    expect(tally.batchOf400.largest).toBeLessThan(1024);

    expect(received).toBeLessThan(ROUNDS * CONCURRENCY * 2 * 1024);
    expect(sdl.status).toBe(200);
    expect((sdl.json as { data: { _service: { sdl: string } } }).data._service.sdl).toContain('type Mutation');
    expect(after).toBeLessThan(PEAK_RSS_LIMIT_KB);
    expect(emulator.requests).toEqual([]);
  }, 30_000);

  it('refuses an oversized batch with an answer that does not grow with its operations', async () => {
    // The cheapest operations a 1 MiB body can hold: `[1,1,…]`, about half a million of them.
    const operations = (MAX_BODY_BYTES - 2) >> 1;
    const body = `[${Array<string>(operations).fill('1').join(',')}]`;
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY_BYTES);

    const answer = await post(body);
    const peak = peakRssKb();
    console.log(
      `batch of ${operations} operations (${body.length} B): ${answer.status}, ${answer.bytes} B answered; ` +
        `subgraph VmHWM ${peak} kB`,
    );
    expect([400, 401]).toContain(answer.status);
    expect(answer.bytes).toBeLessThan(1024);
    expect(peak).toBeLessThan(PEAK_RSS_LIMIT_KB);
    expect(emulator.requests).toEqual([]);
  }, 30_000);
});
