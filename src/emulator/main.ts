// CLI: serve the six emulated providers on a fixed port and print the base URLs in the form
// the subgraph reads from its environment.
import { startEmulator } from './server';
import { EMULATOR_TENANTS } from './tenants';
import { DEFAULT_EMULATOR_TOKEN, EMULATED_PROVIDERS, type EmulatorOptions } from './types';

function readOptions(env: NodeJS.ProcessEnv): EmulatorOptions {
  const port = Number(env.EMULATOR_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid EMULATOR_PORT: ${env.EMULATOR_PORT}`);
  const latencyMs = Number(env.EMULATOR_LATENCY_MS ?? 0);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new Error(`Invalid EMULATOR_LATENCY_MS: ${env.EMULATOR_LATENCY_MS}`);
  }
  return {
    port,
    host: env.EMULATOR_HOST || '127.0.0.1',
    token: env.EMULATOR_TOKEN || DEFAULT_EMULATOR_TOKEN,
    latencyMs,
  };
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const emulator = await startEmulator(readOptions(env));
  for (const provider of EMULATED_PROVIDERS) {
    process.stdout.write(`${provider.toUpperCase()}_BASE_URL=${emulator.baseUrls[provider]}\n`);
  }
  const tokenVars = EMULATED_PROVIDERS.map((p) => `${p.toUpperCase()}_API_TOKEN`).join(', ');
  // Only the well-known default is printed; a chosen token stays out of the terminal and logs.
  const which =
    emulator.token === DEFAULT_EMULATOR_TOKEN ? `the default token '${DEFAULT_EMULATOR_TOKEN}'` : 'EMULATOR_TOKEN';
  process.stdout.write(`The subgraph must send ${which} as ${tokenVars}\n`);
  // The tenant tokens are public dev fixtures: naming their pattern is fine.
  const tenants = Object.keys(EMULATOR_TENANTS).join(', ');
  process.stdout.write(
    `Tenant tokens <tenant>-<provider>-token (${tenants}) are accepted too, each on its own workspaces: see examples/tenant-credentials.json\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`emulator: ${signal}, closing\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
