// A port already in use at start names the port and the variable that moves it.
import { describe, expect, it } from 'vitest';
import { explainStartError } from '../../../src/server/http/listen-error';

/** What Node's listen() rejects with when the port is taken. */
function inUse(port: number): NodeJS.ErrnoException & { port: number } {
  return Object.assign(new Error(`listen EADDRINUSE: address already in use 0.0.0.0:${port}`), {
    code: 'EADDRINUSE',
    syscall: 'listen',
    port,
  });
}

describe('explainStartError', () => {
  const config = { port: 4001, metricsPort: 9464 as const };

  it('names the GraphQL port and PORT', () => {
    const error = explainStartError(inUse(4001), config) as Error;
    expect(error.message).toBe(
      'Port 4001 (PORT) is already in use, by another process (a second `npm start`?): stop it, or set PORT to a free port, e.g. `PORT=4002 npm start`',
    );
    expect(error.message).not.toContain('\n');
  });

  it('names the metrics port and METRICS_PORT', () => {
    const error = explainStartError(inUse(9464), config) as Error;
    expect(error.message).toMatch(
      /^Port 9464 \(METRICS_PORT\) is already in use.*a free port or `off`.*METRICS_PORT=9465/,
    );
  });

  it('leaves any other error as it is', () => {
    const other = new Error('boom');
    expect(explainStartError(other, config)).toBe(other);
    expect(explainStartError('text', config)).toBe('text');
    expect(explainStartError(undefined, config)).toBeUndefined();
  });
});
