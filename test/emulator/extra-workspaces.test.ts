// Extra writable workspaces for batches (option, method and control endpoint), the arrival and
// answer times of recorded requests, and peakInFlight over them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EMULATED_PROVIDERS,
  extraWorkspaceIds,
  peakInFlight,
  PROVIDER_REST,
  SEEDED_WORKSPACES,
  startEmulator,
  type EmulatedProvider,
  type Emulator,
} from '../../src/emulator';
import { call, control } from './helpers';

/** GET a global id at the REST path its provider's twin gives, in the media type it answers. */
const read = (emulator: Emulator, id: string) => {
  const [provider, reference] = id.split(/:(.*)/s) as [EmulatedProvider, string];
  const { path, mediaType } = PROVIDER_REST[provider];
  return call(
    emulator,
    provider,
    'GET',
    path(reference),
    mediaType === undefined ? {} : { headers: { accept: mediaType } },
  );
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('extra workspaces', () => {
  it('none by default: the first extra id of every provider is unknown', async () => {
    for (const ids of Object.values(extraWorkspaceIds(1))) {
      expect((await read(emulator, ids[0] as string)).status).toBe(404);
    }
  });

  it('setExtraWorkspaces(n): n more writable workspaces per provider, distinct from the seeds, each readable; reset() removes them', async () => {
    const ids = emulator.setExtraWorkspaces(3);
    expect(ids).toEqual(extraWorkspaceIds(3));
    for (const provider of EMULATED_PROVIDERS) {
      expect(ids[provider]).toHaveLength(3);
      const seeded = SEEDED_WORKSPACES[provider].map((w) => `${provider}:${w.reference}`);
      expect(ids[provider].filter((id) => seeded.includes(id))).toEqual([]);
      for (const id of ids[provider]) expect((await read(emulator, id)).status, id).toBe(200);
    }
    // Writable: a rename of an extra Vertra workspace goes through.
    const updated = await call(emulator, 'vertra', 'PUT', '/workspaces/bench002', {
      body: { updates: { name: 'renamed' } },
    });
    expect(updated.status).toBe(200);
    emulator.reset();
    expect((await read(emulator, ids.vertra[0] as string)).status).toBe(404);
  });

  it('the option sets the count at start, and reset() returns to it', async () => {
    const withExtras = await startEmulator({ extraWorkspaces: 2 });
    try {
      const id = extraWorkspaceIds(2).terraform[1] as string;
      expect((await read(withExtras, id)).status).toBe(200);
      withExtras.setExtraWorkspaces(0);
      expect((await read(withExtras, id)).status).toBe(404);
      withExtras.reset();
      expect((await read(withExtras, id)).status).toBe(200);
    } finally {
      await withExtras.close();
    }
  });

  it('POST /__emulator/extra-workspaces {count}: reseeds and answers the ids; a bad count is a 400', async () => {
    const reply = await control(emulator, 'POST', '/extra-workspaces', { count: 2 });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ ok: true, ids: extraWorkspaceIds(2) });
    expect((await read(emulator, extraWorkspaceIds(2).blaxel[1] as string)).status).toBe(200);
    for (const count of [-1, 1.5, '3', 100_000]) {
      expect((await control(emulator, 'POST', '/extra-workspaces', { count })).status).toBe(400);
    }
    expect(() => emulator.setExtraWorkspaces(-1)).toThrow(TypeError);
  });
});

describe('recorded request times and peakInFlight', () => {
  it('records when each call arrived and when it was answered', async () => {
    emulator.setLatency(40, 'vertra');
    const before = performance.timeOrigin + performance.now();
    await call(emulator, 'vertra', 'GET', '/workspaces/org123');
    const [request] = emulator.requests;
    expect(request?.receivedAt).toBeGreaterThanOrEqual(before - 1);
    expect((request?.answeredAt ?? 0) - (request?.receivedAt ?? 0)).toBeGreaterThanOrEqual(35);
  });

  it('counts the calls in flight at once per provider', async () => {
    emulator.setLatency(60, 'altostrat');
    await Promise.all([
      call(emulator, 'altostrat', 'GET', '/workspaces/ws_a1b2c3d4e5f6g7h8'),
      call(emulator, 'altostrat', 'GET', '/workspaces/ws_q9r8s7t6u5v4w3x2'),
      call(emulator, 'altostrat', 'GET', '/workspaces/ws_r0e1a2d3o4n5l6y7'),
    ]);
    await call(emulator, 'vertra', 'GET', '/workspaces/org123');
    await call(emulator, 'vertra', 'GET', '/workspaces/org456');
    expect(peakInFlight(emulator.requests)).toMatchObject({ altostrat: 3, vertra: 1, blaxel: 0 });
  });

  it('an answer and an arrival at the same instant are not two in flight; one never answered stays in flight', () => {
    expect(
      peakInFlight([
        { provider: 'blaxel', receivedAt: 0, answeredAt: 10 },
        { provider: 'blaxel', receivedAt: 10, answeredAt: 20 },
        { provider: 'blaxel', receivedAt: 15 },
      ]).blaxel,
    ).toBe(2);
  });
});
