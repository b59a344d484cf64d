// Loaded before every test file (vitest.config.mts, setupFiles). A subgraph a test starts with
// createLogger(level) and no destination would write to the test run's stdout, and its audit lines
// are written whatever the level (they cannot be silenced, by design): in tests, a logger without a
// destination writes nowhere. Tests that read the logs pass their own destination (lineSink);
// subgraph processes (main.ts) are not affected.
import { Writable } from 'node:stream';
import { vi } from 'vitest';

vi.mock('../../src/server/logging/logger', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/server/logging/logger')>();
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  return {
    ...actual,
    createLogger: (level?: string, destination?: Parameters<typeof actual.createLogger>[1]) =>
      actual.createLogger(level, destination ?? nowhere),
  };
});
