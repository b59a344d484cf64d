import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/registry';
import { createLogger } from '../../src/server/logging/logger';
import { envName, providerAt } from '../providers';
import { startStack, type TestStack } from '../support/stack';

/** Every log line the subgraph writes, parsed. */
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});

/** A provider given a token of its own, which the emulator refuses. */
const P = providerAt(0);
const PROVIDER_TOKEN = 'provider-secret-token-9f8e7d';
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ [envName(P, 'API_TOKEN')]: PROVIDER_TOKEN }, createLogger('trace', sink));
});
afterAll(() => stack?.close());

async function post(query: string, headers: Record<string, string> = {}) {
  return fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}

describe('structured logs', () => {
  it("writes one JSON line per operation with the request id it made (x-request-id), and the caller's as clientRequestId", async () => {
    const response = await post(
      `query ReadOne { workspace(id: ${JSON.stringify(providerAt(1).writable.id)}) { id } }`,
      {
        'x-request-id': 'req-abc.123',
      },
    );
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = lines.find((l) => l['requestId'] === requestId);
    expect(line).toMatchObject({
      msg: 'graphql operation',
      operationName: 'ReadOne',
      service: 'workspace-subgraph',
      clientRequestId: 'req-abc.123',
    });
    expect(typeof line?.['durationMs']).toBe('number');
  });

  it('logs no clientRequestId when the caller sends none (or an unusable one)', async () => {
    const response = await post('{ __typename }', { 'x-request-id': 'bad id with spaces' });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l['requestId'] === requestId)).toMatchObject({ clientRequestId: null });
  });

  it('never writes a token or an authorization header, even when the provider rejects it', async () => {
    // The emulator refuses the provider's token (it is not the emulator's), and echoes nothing;
    // the logs at trace level must still not carry it.
    const id = JSON.stringify(P.writable.id);
    await post(`mutation { updateWorkspace(input: {id: ${id}, name: "x"}) { __typename } }`);
    await post(`{ workspace(id: ${id}) { id } }`);
    expect(raw.length).toBeGreaterThan(2);
    const all = raw.join('\n');
    expect(all).not.toContain(PROVIDER_TOKEN);
    expect(all).not.toContain(stack.emulator.token);
    expect(all).not.toMatch(/bearer /i);
  });

  it('redacts a token that reaches a log object by mistake', () => {
    const captured: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _e, done) {
          captured.push(chunk.toString());
          done();
        },
      }),
    );
    logger.info(
      {
        headers: { authorization: 'Bearer abc' },
        token: 'abc',
        config: { providers: { [P.provider]: { token: 'abc' } } },
      },
      'x',
    );
    expect(captured.join('')).not.toContain('abc');
  });
});

describe('health and readiness', () => {
  it('GET /health says the process is up; GET /ready lists each provider and its breaker', async () => {
    expect(await (await fetch(new URL('/health', stack.url))).json()).toEqual({ status: 'ok' });
    const ready = await fetch(new URL('/ready', stack.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      providers: Object.fromEntries(PROVIDER_NAMES.map((p) => [p, { configured: true, breaker: 'closed' }])),
    });
  });
});
