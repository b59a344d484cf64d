// The process's logs are written asynchronously (asyncStdout): a request never waits on the pipe,
// and no line is lost when the process exits right after writing it.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..', '..');

/** A process that logs `lines` lines through the server's logger and exits at once. */
function logThenExit(lines: number, flush: boolean): string[] {
  const script = `
    const { asyncStdout, createLogger, auditLoggerFor } = require('./src/server/logging/logger');
    const destination = asyncStdout();
    ${flush ? '' : "process.removeAllListeners('exit');"}
    const logger = createLogger('info', destination);
    for (let i = 0; i < ${lines}; i++) auditLoggerFor(logger).info({ audit: true, i }, 'workspace update');
    process.exit(0);
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter(Boolean);
}

describe('asyncStdout', () => {
  it('every line written before process.exit reaches stdout (flushed on exit)', () => {
    const lines = logThenExit(20_000, true);
    expect(lines).toHaveLength(20_000);
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ audit: true, i: 19_999 });
  });

  it('(the check can fail: without the flush on exit, lines still queued are lost)', () => {
    expect(logThenExit(20_000, false).length).toBeLessThan(20_000);
  });
});
