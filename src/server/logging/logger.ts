import pino, { type Logger } from 'pino';

/** Paths pino blanks out, wherever they appear in a log object. */
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

/** The level audit lines are written at, whatever LOG_LEVEL says. */
const AUDIT_LEVEL = 'info';

const options = (level: string): pino.LoggerOptions => ({
  level,
  redact: { paths: REDACT, censor: '[redacted]' },
  base: { service: 'workspace-subgraph' },
});

/** Each logger's audit logger (see auditLoggerFor). */
const auditLoggers = new WeakMap<Logger, Logger>();

/**
 * Structured JSON logs; tokens and authorization headers never reach a line. The logger comes
 * with an audit logger (auditLoggerFor): the same destination and redaction, but always at info,
 * so that LOG_LEVEL=warn, error or silent never silences the audit trail.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  const logger = pino(options(level), destination);
  auditLoggerFor(logger);
  return logger;
}

/**
 * Where audit lines go for `logger`: a logger on the same destination (one stream, so lines never
 * interleave), with the same redaction, whose level is fixed at info. An audit logger is its own.
 */
export function auditLoggerFor(logger: Logger): Logger {
  let audit = auditLoggers.get(logger);
  if (!audit) {
    audit = pino(options(AUDIT_LEVEL), destinationOf(logger));
    auditLoggers.set(logger, audit);
    auditLoggers.set(audit, audit);
  }
  return audit;
}

/** The stream a pino logger (or any of its children) writes to. */
function destinationOf(logger: Logger): pino.DestinationStream {
  return (logger as unknown as Record<symbol, pino.DestinationStream>)[
    pino.symbols.streamSym
  ] as pino.DestinationStream;
}

export type { Logger };
