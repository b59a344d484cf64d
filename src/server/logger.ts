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

/** Structured JSON logs; tokens and authorization headers never reach a line. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'workspace-subgraph' } },
    destination,
  );
}

export type { Logger };
