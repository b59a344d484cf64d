import pino, { type Logger } from 'pino';
import { heldLines, stdoutLines } from './line-batching';

/** Paths pino blanks out, wherever they appear in a line of the general logger. */
const REDACT = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers.authorization',
  'config.providers.*.token',
];

/**
 * The request line and the audit line are flat records (strings, numbers, lists of strings) of
 * fields this code names: a secret could only come in under one of these top-level names. The
 * general list's wildcard paths could match nothing in a flat record, and they cost about 4 µs of
 * CPU a line, half of what pino spends on one (BENCHMARKS.md, issue 19).
 */
const RECORD_REDACT = ['token', 'authorization'];

const CENSOR = '[redacted]';

/** The level audit lines are written at, whatever LOG_LEVEL says. */
const AUDIT_LEVEL = 'info';

const options = (level: string, paths: string[]): pino.LoggerOptions => ({
  level,
  redact: { paths, censor: CENSOR },
  base: { service: 'workspace-subgraph' },
});

/** Each logger's audit logger (see auditLoggerFor) and request logger (see requestLoggerFor). */
const auditLoggers = new WeakMap<Logger, Logger>();
const requestLoggers = new WeakMap<Logger, Logger>();

/**
 * Structured JSON logs; tokens and authorization headers never reach a line. The logger comes
 * with an audit logger (auditLoggerFor): the same destination, but always at info, so that
 * LOG_LEVEL=warn, error or silent never silences the audit trail.
 *
 * Without a destination, lines go to stdout, each at once, but for the per-request line
 * (requestLoggerFor), which may wait for the end of the event loop's turn (line-batching.ts).
 */
export function createLogger(level = 'info', destination: pino.DestinationStream = stdoutLines()): Logger {
  const logger = pino(options(level, REDACT), destination);
  auditLoggerFor(logger);
  return logger;
}

/**
 * Where audit lines go for `logger`: a logger on the same destination (one stream, so lines never
 * interleave), with the flat records' redaction, whose level is fixed at info. Its lines are never
 * held: an update's audit line is out of the process before its response is sent. An audit logger
 * is its own.
 */
export function auditLoggerFor(logger: Logger): Logger {
  let audit = auditLoggers.get(logger);
  if (!audit) {
    audit = pino(options(AUDIT_LEVEL, RECORD_REDACT), destinationOf(logger));
    auditLoggers.set(logger, audit);
    auditLoggers.set(audit, audit);
  }
  return audit;
}

/**
 * Where the per-request line goes for `logger`: a logger at its level on its destination, with the
 * flat records' redaction, whose lines may be held to the end of the event loop's turn (written
 * with the others of that turn in one write).
 */
export function requestLoggerFor(logger: Logger): Logger {
  let requests = requestLoggers.get(logger);
  if (!requests) {
    requests = pino(options(logger.level, RECORD_REDACT), heldLines(destinationOf(logger)));
    requestLoggers.set(logger, requests);
  }
  return requests;
}

/** The stream a pino logger (or any of its children) writes to. */
function destinationOf(logger: Logger): pino.DestinationStream {
  return (logger as unknown as Record<symbol, pino.DestinationStream>)[
    pino.symbols.streamSym
  ] as pino.DestinationStream;
}

export type { Logger };
