// Faults, latency, recorded requests and the HTTP control API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator';
import { call, control } from './helpers';

let emu: Emulator;
const BLAXEL = '/workspaces/my-workspace';

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('faults', () => {
  it('answers with status, body and headers for `times` calls, then normally', async () => {
    emu.injectFault('blaxel', {
      status: 429,
      body: { error: 'rate_limited' },
      headers: { 'Retry-After': '7' },
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await call(emu, 'blaxel', 'GET', BLAXEL);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json).toEqual({ error: 'rate_limited' });
    }
    expect((await call(emu, 'blaxel', 'GET', BLAXEL)).status).toBe(200);
  });

  it('applies only to its provider and method, in injection order', async () => {
    emu.injectFault('vertra', { status: 500, method: 'PUT' });
    emu.injectFault('vertra', { status: 502 });
    expect((await call(emu, 'blaxel', 'GET', BLAXEL)).status).toBe(200);
    expect((await call(emu, 'vertra', 'GET', '/workspaces/org123')).status).toBe(502);
    expect((await call(emu, 'vertra', 'GET', '/workspaces/org123')).status).toBe(200);
    const put = await call(emu, 'vertra', 'PUT', '/workspaces/org123', { body: { updates: {} } });
    expect([put.status, put.text]).toEqual([500, '']);
  });

  it('sends a string body as-is and supports times: Infinity', async () => {
    emu.injectFault('flashback', {
      status: 503,
      body: '<html>down</html>',
      headers: { 'content-type': 'text/html' },
      times: Infinity,
    });
    for (let i = 0; i < 3; i++) {
      const res = await call(emu, 'flashback', 'GET', '/workspace/123e4567-e89b-12d3-a456-426614174000');
      expect([res.status, res.text, res.headers.get('content-type')]).toEqual([503, '<html>down</html>', 'text/html']);
    }
    emu.clearFaults();
    expect((await call(emu, 'flashback', 'GET', '/workspace/123e4567-e89b-12d3-a456-426614174000')).status).toBe(200);
  });

  it('resets the connection, and the server keeps working', async () => {
    emu.injectFault('dreadnode', { kind: 'reset' });
    await expect(call(emu, 'dreadnode', 'GET', '/org/acme/ws/research')).rejects.toThrow();
    expect((await call(emu, 'dreadnode', 'GET', '/org/acme/ws/research')).status).toBe(200);
  });

  it('returns malformed JSON, the wrong shape and a huge body with 200', async () => {
    emu.injectFault('altostrat', { kind: 'malformed-json' });
    emu.injectFault('altostrat', { kind: 'wrong-shape' });
    emu.injectFault('altostrat', { kind: 'huge-body' });
    const path = '/workspaces/ws_a1b2c3d4e5f6g7h8';
    const malformed = await call(emu, 'altostrat', 'GET', path);
    expect(malformed.status).toBe(200);
    expect(malformed.headers.get('content-type')).toMatch(/application\/json/);
    expect(() => JSON.parse(malformed.text)).toThrow();
    const wrong = await call(emu, 'altostrat', 'GET', path);
    expect([wrong.status, wrong.json]).toEqual([200, { unexpected: true }]);
    const huge = await call(emu, 'altostrat', 'GET', path);
    expect(huge.status).toBe(200);
    expect(huge.text.length).toBeGreaterThan(5_000_000);
    expect(typeof huge.json).toBe('object');
  });

  it('delays before answering; a delay-only fault lets the call through', async () => {
    emu.injectFault('blaxel', { delayMs: 150 });
    const start = Date.now();
    const res = await call(emu, 'blaxel', 'GET', BLAXEL);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
    expect(res.json.id).toBe('ws-7f3c9a12');
  });

  it('refuses an invalid fault', () => {
    expect(() => emu.injectFault('blaxel', { status: 42 })).toThrow(TypeError);
    expect(() => emu.injectFault('blaxel', { kind: 'explode' as never })).toThrow(/kind/);
  });

  it('hangs until close(), which releases the client', async () => {
    const other = await startEmulator();
    other.injectFault('vertra', { kind: 'hang' });
    const pending = call(other, 'vertra', 'GET', '/workspaces/org123').then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => other.requests.length === 1);
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still hanging'), 200))]);
    expect(raced).toBe('still hanging');
    const start = Date.now();
    await other.close();
    expect(await pending).toBe('failed');
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('latency', () => {
  it('adds latency to every call, globally or per provider, until reset()', async () => {
    emu.setLatency(120, 'dreadnode');
    let start = Date.now();
    await call(emu, 'dreadnode', 'GET', '/org/acme/ws/research');
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
    start = Date.now();
    await call(emu, 'blaxel', 'GET', BLAXEL);
    expect(Date.now() - start).toBeLessThan(100);
    emu.setLatency(120);
    start = Date.now();
    await call(emu, 'blaxel', 'GET', BLAXEL);
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
    emu.reset();
    start = Date.now();
    await call(emu, 'blaxel', 'GET', BLAXEL);
    expect(Date.now() - start).toBeLessThan(100);
  });

  it('starts with options.latencyMs', async () => {
    const slow = await startEmulator({ latencyMs: 100 });
    try {
      const start = Date.now();
      expect((await call(slow, 'flashback', 'GET', '/workspace/123e4567-e89b-12d3-a456-426614174000')).status).toBe(
        200,
      );
      expect(Date.now() - start).toBeGreaterThanOrEqual(90);
    } finally {
      await slow.close();
    }
  });
});

describe('recorded requests', () => {
  it('records method, raw path, headers and parsed body of provider calls only', async () => {
    await control(emu, 'GET', '/health');
    await call(emu, 'dreadnode', 'PUT', '/org/acme/ws/research?x=1', { body: { name: 'R' } });
    await call(emu, 'blaxel', 'GET', '/workspaces/a%2Fb', { token: null });
    await call(emu, 'altostrat', 'PATCH', '/workspaces/ws_a1b2c3d4e5f6g7h8', { body: '{oops' });
    expect(emu.requests).toHaveLength(3);
    const [put, get, patch] = emu.requests;
    expect(put).toMatchObject({
      provider: 'dreadnode',
      method: 'PUT',
      path: '/org/acme/ws/research',
      rawUrl: '/dreadnode/api/v1/org/acme/ws/research?x=1',
      body: { name: 'R' },
    });
    expect(put?.headers.authorization).toBe('Bearer emulator-token');
    expect(put?.headers['content-type']).toBe('application/json');
    expect(get).toMatchObject({ provider: 'blaxel', method: 'GET', path: '/workspaces/a%2Fb', body: undefined });
    expect(get?.headers.authorization).toBeUndefined();
    expect(patch?.body).toBe('{oops');
    emu.clearRequests();
    expect(emu.requests).toHaveLength(0);
  });

  it('records a call before a fault replaces its answer', async () => {
    emu.injectFault('blaxel', { kind: 'reset' });
    await expect(call(emu, 'blaxel', 'PUT', BLAXEL, { body: { region: 'x' } })).rejects.toThrow();
    expect(emu.requests.map((r) => [r.method, r.path, r.body])).toEqual([['PUT', BLAXEL, { region: 'x' }]]);
  });
});

describe('control API', () => {
  it('reports health with the base URLs', async () => {
    const res = await control(emu, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', baseUrls: emu.baseUrls });
  });

  it('injects, lists and clears faults (times null = Infinity)', async () => {
    const added = await control(emu, 'POST', '/faults', {
      provider: 'vertra',
      status: 500,
      times: null,
      method: 'GET',
    });
    expect(added.status).toBe(201);
    expect((await control(emu, 'GET', '/faults')).json).toEqual([
      { provider: 'vertra', status: 500, method: 'GET', times: null },
    ]);
    expect((await call(emu, 'vertra', 'GET', '/workspaces/org123')).status).toBe(500);
    expect((await call(emu, 'vertra', 'GET', '/workspaces/org123')).status).toBe(500);
    expect((await control(emu, 'DELETE', '/faults')).status).toBe(200);
    expect((await call(emu, 'vertra', 'GET', '/workspaces/org123')).status).toBe(200);
  });

  it('injects a fault with headers over HTTP', async () => {
    await control(emu, 'POST', '/faults', { provider: 'blaxel', status: 429, headers: { 'retry-after': '3' } });
    const res = await call(emu, 'blaxel', 'GET', BLAXEL);
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '3']);
  });

  it('refuses a bad fault with 400', async () => {
    expect((await control(emu, 'POST', '/faults', { provider: 'nobody', status: 500 })).status).toBe(400);
    expect((await control(emu, 'POST', '/faults', { provider: 'blaxel', kind: 'boom' })).status).toBe(400);
    expect((await control(emu, 'POST', '/faults', { provider: 'blaxel', sttatus: 500 })).status).toBe(400);
  });

  it('says which shape it expects when the fault is nested or the body is not an object', async () => {
    const nested = await control(emu, 'POST', '/faults', { provider: 'vertra', fault: { status: 500 } });
    expect(nested.status).toBe(400);
    expect(nested.json.message).toMatch(/^unknown fault field 'fault': expected one flat JSON object, /);
    expect(nested.json.message).toContain('{"provider": "vertra", "status": 503');
    expect(nested.json.message).toContain('status, body, headers, delayMs, kind, times, method');
    const notObject = await control(emu, 'POST', '/faults', [{ provider: 'vertra', status: 500 }]);
    expect(notObject.json.message).toMatch(/^body must be a JSON object: expected one flat JSON object/);
    // curl -d without -H 'content-type: application/json' sends a form type.
    const form = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ provider: 'vertra', status: 500 }),
    });
    expect([form.status, ((await form.json()) as { message: string }).message]).toEqual([
      400,
      'body must be JSON, sent with content-type: application/json',
    ]);
    const noProvider = await control(emu, 'POST', '/faults', { status: 500 });
    expect(noProvider.json.message).toMatch(/^provider is missing: expected/);
    expect(emu.requests).toEqual([]);
    expect((await control(emu, 'GET', '/faults')).json).toEqual([]);
  });

  it('lists and clears recorded requests', async () => {
    await call(emu, 'flashback', 'GET', '/workspace/123e4567-e89b-12d3-a456-426614174000');
    const listed = await control(emu, 'GET', '/requests');
    expect(listed.json).toHaveLength(1);
    expect(listed.json[0]).toMatchObject({
      provider: 'flashback',
      method: 'GET',
      path: '/workspace/123e4567-e89b-12d3-a456-426614174000',
    });
    await control(emu, 'DELETE', '/requests');
    expect((await control(emu, 'GET', '/requests')).json).toEqual([]);
  });

  it('sets latency', async () => {
    expect((await control(emu, 'POST', '/latency', { ms: 100, provider: 'altostrat' })).status).toBe(200);
    const start = Date.now();
    await call(emu, 'altostrat', 'GET', '/workspaces/ws_a1b2c3d4e5f6g7h8');
    expect(Date.now() - start).toBeGreaterThanOrEqual(90);
    expect((await control(emu, 'POST', '/latency', { ms: -1 })).status).toBe(400);
  });

  it('reseeds on reset', async () => {
    await call(emu, 'blaxel', 'PUT', BLAXEL, { body: { name: 'moved' } });
    await control(emu, 'POST', '/faults', { provider: 'blaxel', status: 500 });
    expect((await control(emu, 'POST', '/reset')).status).toBe(200);
    expect(emu.requests).toHaveLength(0);
    expect((await call(emu, 'blaxel', 'GET', BLAXEL)).status).toBe(200);
    expect((await call(emu, 'blaxel', 'GET', '/workspaces/moved')).status).toBe(404);
  });

  it('answers an unknown control path with 404 JSON and a wrong method with 405', async () => {
    const missing = await control(emu, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: 'not_found' });
    const wrong = await control(emu, 'GET', '/reset');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });
});
