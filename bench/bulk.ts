// Scenario e of `npm run bench`: a 100-item batch over every provider, the emulator adding
// 150 ms to every call, as one updateWorkspaces operation and as the same updates in aliased
// updateWorkspace fields. Wall time, upstream requests and peak in flight per provider, the last
// two from the emulator's recorded requests (arrival and answer times).
import { peakInFlight, type RecordedRequest, SEEDED_WORKSPACES } from '../src/emulator';
import { FACTS_BY_NAME } from '../src/registry';
import type { FieldRule, InputFieldSpec } from '../src/registry/kit';
import { percentile } from './load';
import { round } from './processes';
import { control, GRAPHQL_HEADERS, PROVIDERS, type Emulator } from './stack';

export const BULK_ITEMS = 100;
export const BULK_LATENCY_MS = 150;
/** graphql-armor's alias limit (src/server/plugins/operation-limits.ts): 100 aliases are refused in one operation. */
const ALIASES_PER_OPERATION = 50;

type Provider = (typeof PROVIDERS)[number];

export interface BulkRun {
  /** Operations sent per batch (one updateWorkspaces; two of 50 aliases each). */
  operations: number;
  samples: number;
  wallMs: { p50: number; min: number; max: number };
  /** Upstream requests the emulator saw per batch. */
  upstreamRequests: number;
  /** The most calls in flight at once per provider, over all samples. */
  peakInFlight: Record<Provider, number>;
  /** The same, all providers together. */
  peakInFlightOverall: number;
}

export interface BulkScenario {
  label: string;
  items: number;
  perProvider: Record<Provider, number>;
  upstreamLatencyMs: number;
  /** WRITE_CONCURRENCY of the subgraph (undefined: its default, 4). */
  writeConcurrency: number | undefined;
  bulk: BulkRun;
  aliased: BulkRun;
  /** aliased wall time (p50) / bulk wall time (p50). */
  speedup: number;
}

/** One item: the id and the one field it sets (the name, or the field benchChange picks). */
interface Input {
  id: string;
  [field: string]: string;
}

const RESULT_SELECTION = '__typename ... on UpdateWorkspaceSuccess { workspace { id name } } ... on Error { message }';
const BULK_MUTATION = `mutation UpdateWorkspaces($inputs: [UpdateWorkspaceInput!]!) {
  updateWorkspaces(inputs: $inputs) { ${RESULT_SELECTION} }
}`;

/** `mutation Aliased($u0: UpdateWorkspaceInput!, …) { u0: updateWorkspace(input: $u0) { … } … }`. */
function aliasedMutation(count: number): string {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const variables = indexes.map((i) => `$u${i}: UpdateWorkspaceInput!`).join(', ');
  const fields = indexes.map((i) => `u${i}: updateWorkspace(input: $u${i}) { ${RESULT_SELECTION} }`).join('\n  ');
  return `mutation Aliased(${variables}) {\n  ${fields}\n}`;
}

/** The global ids of a provider's writable seeds, in the emulator's order (two each today). */
const writableSeeds = (provider: Provider): string[] =>
  SEEDED_WORKSPACES[provider].filter((seed) => !seed.readOnly).map((seed) => `${provider}:${seed.reference}`);

/**
 * What an update of the batch sets: the name, unless the name is the provider's reference (a rename
 * would move the workspace away from the next sample's id): then the first string field the provider
 * brings of its own (a display name).
 */
function benchChange(provider: Provider, i: number): Omit<Input, 'id'> {
  const facts = FACTS_BY_NAME[provider] as {
    fields: Partial<Record<string, FieldRule>>;
    inputFields: Record<string, InputFieldSpec<unknown>>;
  };
  if (!facts.fields['name']?.isReference) return { name: `bench-${provider}-${i}` };
  const own = Object.entries(facts.inputFields).find(([, spec]) => spec.kind === 'string')?.[0];
  if (own === undefined) throw new Error(`bench: ${provider}'s name is its reference and it has no other string field`);
  return { [own]: `Bench ${i}` };
}

/**
 * 100 distinct writable workspaces, as evenly over the providers as 100 allows (with six, 17 or 16
 * each: the writable seeded ones and the emulator's extra ones), interleaved provider by provider;
 * each update sets a fixed value, so every sample sends the same changes.
 */
async function batch(emulator: Emulator): Promise<Input[]> {
  const perProvider = Math.ceil(BULK_ITEMS / PROVIDERS.length);
  const fewestSeeds = Math.min(...PROVIDERS.map((p) => writableSeeds(p).length));
  const reply = (await control(emulator, 'POST', '/extra-workspaces', {
    count: Math.max(0, perProvider - fewestSeeds),
  })) as { ids: Record<Provider, string[]> };
  const ids = Object.fromEntries(PROVIDERS.map((p) => [p, [...writableSeeds(p), ...reply.ids[p]]])) as Record<
    Provider,
    string[]
  >;
  const inputs: Input[] = [];
  for (let i = 0; inputs.length < BULK_ITEMS; i++) {
    for (const p of PROVIDERS) {
      const id = ids[p][i];
      if (id === undefined || inputs.length >= BULK_ITEMS) continue;
      inputs.push({ id, ...benchChange(p, i) });
    }
  }
  return inputs;
}

async function post(url: string, query: string, variables: unknown): Promise<{ ms: number; json: unknown }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: GRAPHQL_HEADERS,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  const json: unknown = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return { ms, json };
}

/** Every result of an answer must be a success: a benchmark of failures would measure nothing. */
function checkAllSucceeded(json: unknown, expected: number, what: string): void {
  const data = (json as { data?: Record<string, unknown>; errors?: unknown }).data ?? {};
  const results = (Object.values(data).flat() as { __typename?: string }[]).filter(Boolean);
  const ok = results.filter((r) => r.__typename === 'UpdateWorkspaceSuccess').length;
  if (ok !== expected || (json as { errors?: unknown }).errors !== undefined) {
    throw new Error(`${what}: ${ok} of ${expected} succeeded: ${JSON.stringify(json).slice(0, 800)}`);
  }
}

/** `send` once per sample; the emulator's recorded requests of each sample give the upstream figures. */
async function measure(
  emulator: Emulator,
  samples: number,
  operations: number,
  send: () => Promise<void>,
): Promise<BulkRun> {
  const times: number[] = [];
  const upstream: number[] = [];
  const peaks = Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>;
  let overall = 0;
  for (let i = 0; i < samples; i++) {
    await control(emulator, 'DELETE', '/requests');
    const started = performance.now();
    await send();
    times.push(performance.now() - started);
    const requests = (await control(emulator, 'GET', '/requests')) as RecordedRequest[];
    upstream.push(requests.length);
    const sample = peakInFlight(requests);
    for (const p of PROVIDERS) peaks[p] = Math.max(peaks[p], sample[p]);
    // All providers together: every request counted as the first one's provider.
    const together = requests.map((r) => ({ ...r, provider: requests[0]?.provider ?? r.provider }));
    overall = Math.max(overall, ...Object.values(peakInFlight(together)));
  }
  if (new Set(upstream).size !== 1) throw new Error(`upstream requests differ between samples: ${upstream.join(', ')}`);
  return {
    operations,
    samples,
    wallMs: { p50: round(percentile(times, 50)), min: round(Math.min(...times)), max: round(Math.max(...times)) },
    upstreamRequests: upstream[0] as number,
    peakInFlight: peaks,
    peakInFlightOverall: overall,
  };
}

/**
 * Scenario e on a subgraph already started (`url`), the emulator adding BULK_LATENCY_MS to every
 * call for its duration.
 */
export async function bulkScenario(
  emulator: Emulator,
  url: string,
  options: { bulkSamples: number; aliasedSamples: number; writeConcurrency: number | undefined },
): Promise<BulkScenario> {
  const inputs = await batch(emulator);
  const perProvider = Object.fromEntries(
    PROVIDERS.map((p) => [p, inputs.filter((input) => input.id.startsWith(`${p}:`)).length]),
  ) as Record<Provider, number>;
  const chunks = Array.from({ length: Math.ceil(inputs.length / ALIASES_PER_OPERATION) }, (_, i) =>
    inputs.slice(i * ALIASES_PER_OPERATION, (i + 1) * ALIASES_PER_OPERATION),
  );
  const sendBulk = async () => {
    const { json } = await post(url, BULK_MUTATION, { inputs });
    checkAllSucceeded(json, inputs.length, 'updateWorkspaces');
  };
  // One operation after the other, as a script kept under the alias limit would send them.
  const sendAliased = async () => {
    for (const chunk of chunks) {
      const variables = Object.fromEntries(chunk.map((input, i) => [`u${i}`, input]));
      const { json } = await post(url, aliasedMutation(chunk.length), variables);
      checkAllSucceeded(json, chunk.length, 'aliased updateWorkspace');
    }
  };

  await control(emulator, 'POST', '/latency', { ms: BULK_LATENCY_MS });
  try {
    await sendBulk(); // warm-up (and the check that every item succeeds)
    const bulk = await measure(emulator, options.bulkSamples, 1, sendBulk);
    const aliased = await measure(emulator, options.aliasedSamples, chunks.length, sendAliased);
    return {
      label: `${inputs.length} updates over ${PROVIDERS.length} providers, ${BULK_LATENCY_MS} ms upstream`,
      items: inputs.length,
      perProvider,
      upstreamLatencyMs: BULK_LATENCY_MS,
      writeConcurrency: options.writeConcurrency,
      bulk,
      aliased,
      speedup: round(aliased.wallMs.p50 / bulk.wallMs.p50, 1),
    };
  } finally {
    await control(emulator, 'POST', '/latency', { ms: 0 });
    await control(emulator, 'POST', '/extra-workspaces', { count: 0 });
    await control(emulator, 'DELETE', '/requests');
  }
}
