// What the benchmarks run against: the emulator, the subgraph, the minimal proxy and the peer
// subgraphs (bench/peers/), each in its own process, and the requests they are sent.
import { join, resolve } from 'node:path';
import { PROVIDER_NAMES } from '../src/registry';
import { sendOnce, type HttpTarget } from './load';
import { cpuMsOf, freePort, readStdoutUntil, startNode, waitForHttp, type Managed } from './processes';

export const ROOT = resolve(__dirname, '..');
export const RESULTS = join(ROOT, 'bench', 'results');
export const TOKEN = 'emulator-token';
/** Every provider the registry has (the emulator serves them all). */
export const PROVIDERS = PROVIDER_NAMES;
export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Production with AUTH_MODE=off requires ROUTER_SECRET: the load generator plays the router. */
export const ROUTER_SECRET = 'bench-router-secret-0123456789';
/** What the load generator sends the subgraph: JSON, and the router's secret. */
export const GRAPHQL_HEADERS = { ...JSON_HEADERS, 'x-router-secret': ROUTER_SECRET };

/** The fixed update of a, b and c: the same name every time, so the emulator's state never drifts. */
export const UPDATE_INPUT = { id: 'vertra:org123', name: 'bench-workspace', tags: ['bench', 'perf'] };
export const MUTATION = `mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {
  updateWorkspace(input: $input) {
    __typename
    ... on UpdateWorkspaceSuccess { workspace { id name description details { ... on VertraWorkspaceDetails { tags } } } }
    ... on Error { message }
  }
}`;

/** 20 distinct ids (the 15 seeded ones and one unknown per provider, which 404), 5 times each. */
export const ENTITY_IDS = [
  'blaxel:my-workspace',
  'blaxel:staging',
  'blaxel:locked-workspace',
  'blaxel:bench-missing',
  'dreadnode:acme/research',
  'dreadnode:acme/platform',
  'dreadnode:acme/archive',
  'dreadnode:acme/bench-missing',
  'flashback:123e4567-e89b-12d3-a456-426614174000',
  'flashback:3f2a1b4c-5d6e-4f70-8a91-b2c3d4e5f607',
  'flashback:9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d',
  'flashback:00000000-0000-4000-8000-00000000beef',
  'vertra:org123',
  'vertra:org456',
  'vertra:org789',
  'vertra:bench-missing',
  'altostrat:ws_a1b2c3d4e5f6g7h8',
  'altostrat:ws_q9r8s7t6u5v4w3x2',
  'altostrat:ws_r0e1a2d3o4n5l6y7',
  'altostrat:ws_benchmissing0000',
];
export const KNOWN_ENTITIES = 15;
export const REPRESENTATIONS = Array.from({ length: 100 }, (_, i) => ({
  __typename: 'Workspace',
  id: ENTITY_IDS[i % ENTITY_IDS.length] as string,
}));
export const ENTITIES_QUERY = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Workspace { id provider name description updatedAt details { __typename } }
  }
}`;

export interface Emulator {
  process: Managed;
  url: string;
  baseUrls: Record<(typeof PROVIDERS)[number], string>;
}

/** `src/emulator/main.ts` on a free port; its base URLs are read from what it prints. */
export async function startEmulator(cpus?: string): Promise<Emulator> {
  const proc = startNode({
    cpus,
    name: 'emulator',
    args: ['--import', 'tsx', join(ROOT, 'src/emulator/main.ts')],
    env: { EMULATOR_PORT: '0', EMULATOR_HOST: '127.0.0.1', EMULATOR_LATENCY_MS: '0', EMULATOR_TOKEN: TOKEN },
    pipeStdout: true,
  });
  const baseUrls = await readStdoutUntil(
    proc,
    (lines) => {
      const found = Object.fromEntries(
        lines.flatMap((line) => {
          // `P_BASE_URL=…` or `export P_BASE_URL=… P_API_TOKEN=…`.
          const match = /(?:^|\s)([A-Z]+)_BASE_URL=(\S+)/.exec(line);
          return match?.[1] && match[2] ? [[match[1].toLowerCase(), match[2]]] : [];
        }),
      );
      return PROVIDERS.every((p) => found[p]) ? (found as Emulator['baseUrls']) : undefined;
    },
    30_000,
  );
  return { process: proc, url: new URL(baseUrls.vertra).origin, baseUrls };
}

/** The emulator's control API. */
export async function control(emulator: Emulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: JSON_HEADERS,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

export interface SubgraphOptions {
  /** The build to run (its `src/server/main.js`). */
  dist: string;
  name: string;
  logLevel: string;
  readConcurrency: number;
  /** WRITE_CONCURRENCY; undefined leaves the subgraph's default. */
  writeConcurrency?: number | undefined;
  /** Write a .cpuprofile into this directory on exit. */
  cpuProfileDir?: string | undefined;
  /** Extra node flags for the subgraph process, e.g. V8 heap settings. */
  nodeFlags?: string[] | undefined;
  /** Pin the subgraph to these CPUs (`taskset -c`). */
  cpus?: string | undefined;
  /** More environment, e.g. METRICS_PORT or OTEL_* (metrics are off unless this sets METRICS_PORT). */
  env?: Record<string, string> | undefined;
}

/** The built subgraph, in production mode, with every provider pointed at the emulator. */
export async function startSubgraph(
  emulator: Emulator,
  options: SubgraphOptions,
): Promise<{ process: Managed; url: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    // Callers authenticated by the router, as behind a gateway that verifies JWTs.
    AUTH_MODE: 'off',
    ROUTER_SECRET,
    WORKSPACE_EMULATOR: 'off',
    LOG_LEVEL: options.logLevel,
    READ_CONCURRENCY: String(options.readConcurrency),
    METRICS_PORT: 'off',
    ...(options.writeConcurrency === undefined ? {} : { WRITE_CONCURRENCY: String(options.writeConcurrency) }),
  };
  for (const p of PROVIDERS) {
    env[`${p.toUpperCase()}_BASE_URL`] = emulator.baseUrls[p];
    env[`${p.toUpperCase()}_API_TOKEN`] = TOKEN;
  }
  Object.assign(env, options.env);
  const proc = startNode({
    cpus: options.cpus,
    name: `subgraph (${options.name})`,
    args: [
      ...(options.nodeFlags ?? []),
      ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
      join(resolve(options.dist), 'src/server/main.js'),
    ],
    env,
    // Its log lines go to a file, as a deployment's would go to a collector.
    logFile: join(RESULTS, `subgraph-${options.name}.log`),
  });
  await waitForHttp(`http://127.0.0.1:${port}/health`, proc, 30_000);
  return { process: proc, url: `http://127.0.0.1:${port}/graphql` };
}

/** bench/minimal-proxy.ts, pointed at the emulator's Vertra. */
export async function startProxy(emulator: Emulator, cpus?: string): Promise<{ process: Managed; url: string }> {
  const proc = startNode({
    cpus,
    name: 'minimal proxy',
    args: ['--import', 'tsx', join(ROOT, 'bench/minimal-proxy.ts')],
    env: { PORT: '0', HOST: '127.0.0.1', VERTRA_BASE_URL: emulator.baseUrls.vertra, VERTRA_API_TOKEN: TOKEN },
    pipeStdout: true,
  });
  const url = await readStdoutUntil(
    proc,
    (lines) => lines.map((l) => /^MINIMAL_PROXY_URL=(\S+)$/.exec(l)?.[1]).find(Boolean),
    30_000,
  );
  return { process: proc, url };
}

/** The peer servers: other stacks answering the same mutation with the same upstream call. */
export const PEERS = {
  'minimal-apollo': {
    scenario: 'f',
    file: 'bench/peers/minimal-apollo-subgraph.ts',
    label: 'minimal Apollo Server 5 subgraph (startStandaloneServer, buildSubgraphSchema)',
  },
  mercurius: {
    scenario: 'g',
    file: 'bench/peers/mercurius-subgraph.ts',
    label: 'Fastify 5 + Mercurius 16 federation subgraph, graphql-jit on',
  },
} as const;
export type PeerName = keyof typeof PEERS;
export const isPeerName = (name: string): name is PeerName => Object.hasOwn(PEERS, name);

export interface PeerOptions {
  /** Pin the peer to these CPUs (`taskset -c`). */
  cpus?: string | undefined;
  /** Write a .cpuprofile into this directory on exit. */
  cpuProfileDir?: string | undefined;
}

/**
 * A peer (bench/peers/), pointed at the emulator's Vertra, run like the proxy (through tsx) and
 * with NODE_ENV=production like the subgraph.
 */
export async function startPeer(
  emulator: Emulator,
  peer: PeerName,
  options: PeerOptions = {},
): Promise<{ process: Managed; url: string }> {
  const proc = startNode({
    cpus: options.cpus,
    name: peer,
    args: [
      ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
      '--import',
      'tsx',
      join(ROOT, PEERS[peer].file),
    ],
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      VERTRA_BASE_URL: emulator.baseUrls.vertra,
      VERTRA_API_TOKEN: TOKEN,
    },
    pipeStdout: true,
    // stderr (a failure at start-up) goes here.
    logFile: join(RESULTS, `peer-${peer}.log`),
  });
  const url = await readStdoutUntil(
    proc,
    (lines) => lines.map((l) => /^PEER_URL=(\S+)$/.exec(l)?.[1]).find(Boolean),
    30_000,
  );
  return { process: proc, url };
}

export const graphqlTarget = (url: string, query: string, variables: unknown): HttpTarget => ({
  url,
  method: 'POST',
  headers: GRAPHQL_HEADERS,
  body: JSON.stringify({ operationName: /^\w+ (\w+)/.exec(query)?.[1], query, variables }),
});

/** b: the REST call the subgraph makes for the mutation, sent straight to the emulator. */
export const restUpdateTarget = (emulator: Emulator): HttpTarget => ({
  url: `${emulator.baseUrls.vertra}/workspaces/org123`,
  method: 'PUT',
  headers: { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}` },
  body: JSON.stringify({ updates: { name: UPDATE_INPUT.name, tags: UPDATE_INPUT.tags } }),
});

/**
 * The answer the subgraph and the proxy must both give before either is loaded: sends the REST
 * update once and builds the GraphQL answer from the emulator's description.
 */
export async function expectedUpdateAnswer(emulator: Emulator): Promise<string> {
  const check = await sendOnce(restUpdateTarget(emulator));
  if (check.status !== 200) throw new Error(`emulator PUT: ${check.status} ${JSON.stringify(check.json)}`);
  const { description } = (check.json as { response: { description: unknown } }).response;
  const workspace = { id: UPDATE_INPUT.id, name: UPDATE_INPUT.name, description, details: { tags: UPDATE_INPUT.tags } };
  return JSON.stringify({ data: { updateWorkspace: { __typename: 'UpdateWorkspaceSuccess', workspace } } });
}

export async function preflightUpdate(target: HttpTarget, expected: string, what: string): Promise<void> {
  const { status, json } = await sendOnce(target);
  if (status !== 200 || JSON.stringify(json) !== expected) {
    throw new Error(`${what}: unexpected answer ${status} ${JSON.stringify(json)}; expected ${expected}`);
  }
}

/** The `_entities` answer must hold 100 entries, 75 of them workspaces, and no error. */
export async function preflightEntities(target: HttpTarget, what: string): Promise<void> {
  const { status, json } = await sendOnce(target);
  const answer = json as { data?: { _entities?: unknown[] }; errors?: unknown };
  const entities = answer?.data?._entities;
  const found = entities?.filter(Boolean).length;
  if (
    status !== 200 ||
    entities?.length !== REPRESENTATIONS.length ||
    found !== KNOWN_ENTITIES * (REPRESENTATIONS.length / ENTITY_IDS.length) ||
    answer.errors !== undefined
  ) {
    throw new Error(`${what}: unexpected _entities answer ${status} ${JSON.stringify(json).slice(0, 500)}`);
  }
}

/** CPU-time readers for a load run: the server under test and the emulator behind it. */
export const cpuOf = (server: Managed, emulator: Emulator) => ({
  server: () => cpuMsOf(server),
  emulator: () => cpuMsOf(emulator.process),
});
