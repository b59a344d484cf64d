// Where one updateWorkspace's CPU goes, layer by layer (BENCHMARKS.md, "Why a/c is below 0.6"):
//
//   npm run build && npx tsx bench/layers.ts [--calls 20000] [--duration 5]
//
// 1. The upstream path in this process, against the emulator in its own: the same PUT sent
//    (a) with undici's request() alone, (b) through the subgraph's HTTP client, (c) plus the
//    provider's breaker, retry policy and deadlines, (d) through Vertra's data source (headers,
//    request body, response validation and mapping), created per call as per GraphQL request.
//    CPU per call from process.cpuUsage(), 16 calls in flight.
// 2. The built subgraph under autocannon (16 connections): `{ __typename }` (HTTP, body parsing
//    and Apollo Server's pipeline with no resolver), the mutation refused by validation before
//    any call (the whole GraphQL path, no upstream), and the real mutation. CPU per request of
//    the subgraph process.
// Subtracting neighbours gives each layer's cost. Run on a quiet machine; the figures drift with
// the machine's speed, the differences much less.
import { Agent, request } from 'undici';
import { parseArgs } from 'node:util';
import { PROVIDERS as PROVIDER_MODULES } from '../src/providers';
import { createHttpClient, wireHeaders } from '../src/providers/shared/http-client';
import { ProviderResilience } from '../src/providers/shared/resilience';
import { loadConfig } from '../src/server/config/config';
import { runLoad } from './load';
import { installCleanup, round, stopAll } from './processes';
import { cpuOf, graphqlTarget, MUTATION, RESULTS, startEmulator, startSubgraph, TOKEN, UPDATE_INPUT } from './stack';

const { values: flags } = parseArgs({
  options: {
    calls: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '5' },
  },
});
const CALLS = Number(flags.calls);
const IN_FLIGHT = 16;

/** CPU ms per call of `once`, run CALLS times with IN_FLIGHT at a time, after as many to warm up. */
async function cpuPerCall(once: () => Promise<void>): Promise<number> {
  const round_ = async () => {
    let started = 0;
    const worker = async () => {
      while (started++ < CALLS) await once();
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  };
  await round_();
  const before = process.cpuUsage();
  await round_();
  const used = process.cpuUsage(before);
  return round((used.user + used.system) / 1000 / CALLS, 3);
}

async function main(): Promise<void> {
  installCleanup();
  const emulator = await startEmulator();
  const vertra = emulator.baseUrls.vertra;
  const url = `${vertra}/workspaces/org123`;
  const config = loadConfig({});
  const http = createHttpClient(config.upstream);
  const resilience = new ProviderResilience(config.upstream);
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' };
  // What the data source sends: the same, and the client's wire headers.
  const sent = { ...wireHeaders(url), ...headers };
  const patch = { name: UPDATE_INPUT.name, tags: UPDATE_INPUT.tags };
  const body = JSON.stringify({ updates: patch });
  const agent = new Agent({ connections: config.upstream.connectionsPerOrigin });
  const ref = { provider: 'vertra' as const, segments: ['org123'] };
  const settings = {
    baseUrl: vertra,
    credentials: { mode: 'service' as const, token: TOKEN },
    send: http.send,
    resilience,
  };

  const upstream = {
    'undici request() alone': await cpuPerCall(async () => {
      const response = await request(url, { dispatcher: agent, method: 'PUT', headers, body });
      JSON.parse(await response.body.text());
    }),
    "the subgraph's HTTP client": await cpuPerCall(async () => {
      const response = await http.send({ method: 'PUT', url, headers: sent, body });
      JSON.parse(response.text);
    }),
    '+ breaker, retry policy, deadlines': await cpuPerCall(async () => {
      await resilience.run(async (signal) => {
        const response = await http.send({ method: 'PUT', url, headers: sent, body, signal });
        return {
          status: response.status,
          header: response.header,
          body: { kind: 'json', value: JSON.parse(response.text) },
        };
      }, true);
    }),
    "Vertra's data source, one per call": await cpuPerCall(async () => {
      const outcome = await PROVIDER_MODULES.vertra
        .createDataSource(settings, TOKEN)
        .updateWorkspace(ref, patch, UPDATE_INPUT.id);
      if (!outcome.ok) throw new Error(`update failed: ${JSON.stringify(outcome)}`);
    }),
  };
  await http.close();
  await agent.close();

  const subgraph = await startSubgraph(emulator, {
    dist: 'dist',
    name: 'layers',
    logLevel: 'info',
    readConcurrency: 8,
  });
  const load = { connections: IN_FLIGHT, durationSeconds: Number(flags.duration), warmupSeconds: 2 };
  const serverCpu = async (query: string, variables: unknown) => {
    const result = await runLoad(graphqlTarget(subgraph.url, query, variables), {
      ...load,
      cpu: cpuOf(subgraph.process, emulator),
    });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${query}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { rps: result.rps, cpuMsPerRequest: result.cpuMsPerRequest['server'] ?? NaN };
  };
  const server = {
    '{ __typename }': await serverCpu('query Typename { __typename }', {}),
    'the mutation, refused before any call': await serverCpu(MUTATION, {
      input: { ...UPDATE_INPUT, description: 'x'.repeat(201) },
    }),
    'the mutation': await serverCpu(MUTATION, { input: UPDATE_INPUT }),
  };
  await stopAll();

  console.log('\nUpstream path, in process (CPU ms per call):');
  for (const [layer, ms] of Object.entries(upstream)) console.log(`  ${layer.padEnd(40)} ${ms.toFixed(3)}`);
  console.log('\nThe subgraph under load (CPU ms per request of its process, req/s):');
  for (const [what, r] of Object.entries(server))
    console.log(`  ${what.padEnd(40)} ${r.cpuMsPerRequest.toFixed(3)}  ${r.rps}`);
  const out = `${RESULTS}/layers.json`;
  (await import('node:fs')).writeFileSync(
    out,
    JSON.stringify({ at: new Date().toISOString(), upstream, server }, null, 2),
  );
  console.log(`\nWritten to ${out}`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
