// Tracing: on when OTEL_* set an endpoint; nothing of the SDK is loaded otherwise.
import { startTracing, stopTracing, tracingSummary } from '../telemetry/register';
import { loadConfig } from './config/config';
import { limitHeapGrowth } from './heap';
import { explainStartError } from './http/listen-error';
import { createLogger } from './logging/logger';
import { startSubgraph } from './start';

/** `npm start`: read the environment, start the subgraph, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  limitHeapGrowth();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // A rotated TENANT_CREDENTIALS_FILE (e.g. a re-mounted secret) is re-read without a restart. The
  // handler is installed first: a SIGHUP while starting (Node's default for it is to exit) is
  // remembered and the file re-read once started.
  let hungUpWhileStarting = false;
  let onHangUp: () => void = () => {
    hungUpWhileStarting = true;
  };
  process.on('SIGHUP', () => onHangUp());
  const running = await startSubgraph(config, logger).catch((error: unknown) => {
    throw explainStartError(error, config);
  });
  // Spans from here on: the schema's build and the start-up make none.
  startTracing();
  const tracing = tracingSummary();
  if (tracing)
    logger.info({ tracing }, `Tracing on: spans exported to ${tracing.endpoint} (sampler ${tracing.sampler})`);
  logger.info({ url: running.server.url }, `Workspace subgraph ready at ${running.server.url}`);
  onHangUp = () => running.reloadTenantCredentials();
  if (hungUpWhileStarting) onHangUp();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: finishing in-flight requests');
    running
      .close()
      .then(() => stopTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'Shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
