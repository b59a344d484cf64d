import { Writable } from 'node:stream';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { startEmulator, type Emulator } from '../../src/emulator';
import { loadConfig } from '../../src/server/config/config';
import { createLogger, type Logger } from '../../src/server/logging/logger';
import { startSubgraph, type RunningSubgraph } from '../../src/server/start';

/** Where a quiet stack's logs go: audit lines are written whatever the level, and tests do not want them. */
const DISCARD = new Writable({ write: (_chunk, _encoding, done) => done() });

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  body: { data?: TData | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export interface TestStack {
  /** The subgraph's GraphQL endpoint. */
  url: string;
  emulator: Emulator;
  subgraph: RunningSubgraph;
  graphql<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<TData>>;
  /**
   * A fresh start between tests: the emulator's data and faults, and the providers' waits the
   * subgraph keeps after a 429 (which would otherwise hold the next test's writes).
   */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The emulator and the subgraph, each on an ephemeral loopback port, the subgraph pointed at
 * the emulator through `<P>_BASE_URL` / `<P>_API_TOKEN` exactly as an operator would.
 * `env` overrides or adds variables (e.g. a wrong token for one provider); `logger` receives
 * the subgraph's logs (silent by default).
 */
export async function startStack(
  env: Record<string, string | undefined> = {},
  logger: Logger = createLogger('silent', DISCARD),
): Promise<TestStack> {
  const emulator = await startEmulator();
  const providerEnv = Object.fromEntries(
    PROVIDER_NAMES.flatMap((p) => [
      [`${p.toUpperCase()}_BASE_URL`, emulator.baseUrls[p]],
      [`${p.toUpperCase()}_API_TOKEN`, emulator.token],
    ]),
  );
  // No metrics server unless a test asks for one (METRICS_PORT: '0', then subgraph.metricsUrl).
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    METRICS_PORT: 'off',
    ...providerEnv,
    ...env,
  });
  const subgraph = await startSubgraph(config, logger);
  const url = subgraph.server.url;
  return {
    url,
    emulator,
    subgraph,
    graphql: async (query, variables) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] } as never;
    },
    reset: async () => {
      emulator.reset();
      await subgraph.fairUse.store.clear();
    },
    close: async () => {
      await subgraph.close();
      await emulator.close();
    },
  };
}
