// Log lines and system calls: the per-request line may wait for the end of the event loop's turn
// (one write for all the lines of a turn); every other line, audit lines first, is written at once,
// after whatever is held, so that the order of lines is the order they were logged in.
import { describe, expect, it } from 'vitest';
import { heldLines, holdingLines } from '../../../src/server/logging/line-batching';
import { auditLoggerFor, createLogger, requestLoggerFor } from '../../../src/server/logging/logger';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recording() {
  const writes: string[] = [];
  return { writes, out: holdingLines({ write: (chunk: string) => void writes.push(chunk) }) };
}

describe('holdingLines', () => {
  it('writes the lines held in one turn in one write, at its end', async () => {
    const { writes, out } = recording();
    out.hold('a\n');
    out.hold('b\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['a\nb\n']);
    out.hold('c\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes a line at once, after the held ones, in their order', async () => {
    const { writes, out } = recording();
    out.write('start\n');
    out.hold('request 1\n');
    out.write('audit 2\n');
    out.hold('request 2\n');
    expect(writes).toEqual(['start\n', 'request 1\naudit 2\n']);
    out.flush();
    expect(writes).toEqual(['start\n', 'request 1\naudit 2\n', 'request 2\n']);
    await nextTurn();
    expect(writes).toHaveLength(3);
  });

  it('a destination that cannot hold lines gets them at once', () => {
    const writes: string[] = [];
    heldLines({ write: (line: string) => void writes.push(line) }).write('x\n');
    expect(writes).toEqual(['x\n']);
  });
});

describe('the request logger and the audit logger', () => {
  it('hold request lines, never audit lines, on the same destination', async () => {
    const { writes, out } = recording();
    const logger = createLogger('info', out);
    requestLoggerFor(logger).info({ requestId: 'r1' }, 'graphql operation');
    expect(writes).toEqual([]);
    auditLoggerFor(logger).info({ audit: true, requestId: 'r2' }, 'workspace update');
    expect(writes).toHaveLength(1);
    expect(
      writes[0]
        ?.split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { requestId: string }),
    ).toEqual([
      expect.objectContaining({ requestId: 'r1' }),
      expect.objectContaining({ requestId: 'r2', audit: true }),
    ]);
  });

  it("follow the logger's level (the request line) or none (the audit line), and redact a token or authorization", async () => {
    const { writes, out } = recording();
    const logger = createLogger('warn', out);
    requestLoggerFor(logger).info({ requestId: 'quiet' }, 'graphql operation');
    requestLoggerFor(logger).warn({ token: 'secret-1', authorization: 'Bearer secret-2' }, 'loud');
    auditLoggerFor(logger).info({ audit: true, token: 'secret-3' }, 'workspace update');
    await nextTurn();
    const text = writes.join('');
    expect(text).not.toContain('quiet');
    expect(text).not.toMatch(/secret-\d/);
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
  });
});
