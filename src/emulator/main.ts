// CLI: serve the emulated providers on a fixed port and print the base URLs as `export`
// lines for the subgraph's environment (paste them into the shell that runs `npm start`).
import { EMULATED_PROVIDERS } from './providers/registry';
import { startEmulator } from './server';
import { EMULATOR_TENANTS } from './tenants';
import { DEFAULT_EMULATOR_TOKEN, type EmulatorOptions } from './types';

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

/** A value as one shell word: quoted when it has characters a shell would expand (e.g. an IPv6 host's brackets). */
function shellWord(value: string): string {
  return /^[\w./:@%+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const options = readOptions(env);
  const emulator = await startEmulator(options).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? new Error(
          `port ${options.port} is already in use (another \`npm run emulator\`?): stop it, or choose another port, e.g. EMULATOR_PORT=${(options.port ?? 4010) + 1} npm run emulator`,
        )
      : error;
  });
  // The default token is public: it goes on each line, so that the lines set up a shell.
  const defaultToken = emulator.token === DEFAULT_EMULATOR_TOKEN;
  for (const provider of EMULATED_PROVIDERS) {
    const name = provider.toUpperCase();
    const token = defaultToken ? ` ${name}_API_TOKEN=${DEFAULT_EMULATOR_TOKEN}` : '';
    process.stdout.write(`export ${name}_BASE_URL=${shellWord(emulator.baseUrls[provider])}${token}\n`);
  }
  const tokenVars = EMULATED_PROVIDERS.map((p) => `${p.toUpperCase()}_API_TOKEN`).join(', ');
  // Only the well-known default is printed; a chosen token stays out of the terminal and logs.
  const which = defaultToken ? `the default token '${DEFAULT_EMULATOR_TOKEN}'` : 'EMULATOR_TOKEN';
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
