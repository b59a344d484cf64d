import pino from 'pino';

/** A destination that can also hold a line until the end of the event loop's turn. */
export interface HoldingDestination extends pino.DestinationStream {
  /** Writes `line` with whatever else is held, at the end of this turn of the event loop (or at exit). */
  hold(line: string): void;
}

const isHolding = (destination: pino.DestinationStream): destination is HoldingDestination =>
  typeof (destination as Partial<HoldingDestination>).hold === 'function';

/**
 * stdout through pino's synchronous sonic-boom (partial writes, EAGAIN on a full pipe), holding
 * lines as `holdingLines` says; what is held at exit is written then.
 */
export function stdoutLines(): HoldingDestination {
  const stdout = holdingLines(pino.destination({ dest: 1, sync: true }));
  process.on('exit', () => stdout.flush());
  return stdout;
}

/**
 * `out`, and a place to hold lines: a line written is out at once, after any held ones (order
 * kept); a held line (the per-request line, heldLines) goes out with the others held in the same
 * turn of the event loop, in one write, at the turn's end (`setImmediate`). Under load that is one
 * system call for many requests' lines instead of one per line (BENCHMARKS.md, issue 19);
 * start-up lines, warnings, errors and audit lines are never held.
 */
export function holdingLines(out: pino.DestinationStream): HoldingDestination & { flush(): void } {
  let held = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (held === '') return;
    const lines = held;
    held = '';
    out.write(lines);
  };
  return {
    write(line: string) {
      if (held === '') out.write(line);
      else {
        held += line;
        flush();
      }
    },
    hold(line: string) {
      held += line;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/** `destination`, its lines held to the end of the turn when it can hold them (stdoutLines). */
export function heldLines(destination: pino.DestinationStream): pino.DestinationStream {
  return isHolding(destination) ? { write: (line: string) => destination.hold(line) } : destination;
}
