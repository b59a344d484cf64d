import type { AppConfig } from '../config/config';

/**
 * A start-up failure as the one line `npm start` prints: a port already in use (say, by a second
 * `npm start`) names the port and the variable that moves it; any other error is returned as is.
 */
export function explainStartError(error: unknown, config: Pick<AppConfig, 'port' | 'metricsPort'>): unknown {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE' || typeof port !== 'number') return error;
  const variable = port === config.port ? 'PORT' : port === config.metricsPort ? 'METRICS_PORT' : undefined;
  if (!variable) return new Error(`Port ${port} is already in use`, { cause: error });
  const choice = variable === 'METRICS_PORT' ? 'a free port or `off`' : 'a free port';
  return new Error(
    `Port ${port} (${variable}) is already in use, by another process (a second \`npm start\`?): stop it, or set ${variable} to ${choice}, e.g. \`${variable}=${port + 1} npm start\``,
    { cause: error },
  );
}
