// Summarises a V8 .cpuprofile (node --cpu-prof): the top functions by self time, and self time
// by package (node_modules/<pkg>, node: internals, the project's own files).
//
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 30] [--pattern <regex>]
//
// --pattern also prints total (inclusive) time of the functions whose name or URL matches.
// Last, the non-idle time in a few groups (HTTP and Express, Apollo Server, GraphQL execution,
// the upstream call, logging, GC), each sample charged to the nearest library on its stack.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, pattern: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top N] [--pattern REGEX]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(values.top);

// Self time per node: each sample's delta is charged to the node sampled.
const selfUs = new Map<number, number>();
profile.samples.forEach((nodeId, i) => {
  selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const root = url.indexOf('/work/');
  return root >= 0 ? url.replace(/^.*?\/(dist|src|resolvers|bench)\//, '$1/') : url;
}

function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  if (url.startsWith('node:')) return 'node: internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match?.[1]) return match[1];
  if (/\/dist\/(src|resolvers)\//.test(url)) return 'project (dist/)';
  return url;
}

// Self time by function (name + location).
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const f = node.callFrame;
  const key = `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = packageOf(f);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

// Self time charged to the nearest caller that is not Node's or V8's own code: which library (or
// project file) the time in node: internals and natives was spent for.
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const byNearest = new Map<string, number>();
for (const [id, us] of selfUs) {
  let label = packageOf(byId.get(id)?.callFrame ?? { functionName: '', url: '', lineNumber: 0, columnNumber: 0 });
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
    const f = byId.get(cur)?.callFrame;
    if (!f) break;
    if (f.url && !f.url.startsWith('node:')) {
      label = packageOf(f) === 'project (dist/)' ? `project ${shortUrl(f.url)}` : packageOf(f);
      break;
    }
  }
  byNearest.set(label, (byNearest.get(label) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const print = (title: string, entries: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${ms(us)} ${pct(us)}  ${key}\n`);
  }
};

process.stdout.write(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled\n`);
print(`Top ${top} functions by self time`, byFunction, top);
print('Self time by package', byPackage, 25);
print('Self time by nearest library or project file on the stack', byNearest, 30);

// Groups of the "nearest library" view, as shares of the time the process was not idle.
const GROUPS: [string, RegExp][] = [
  ['garbage collection', /^\(garbage collector\)$/],
  [
    'upstream call (undici, cockatiel, zod, provider code and data source)',
    /^(undici|cockatiel|zod|@apollo\/utils\.keyvaluecache|lru-cache|project dist\/src\/(providers|domain)\/)/,
  ],
  [
    'HTTP in/out and Express (router, body-parser, content negotiation, etag, integration)',
    /^(express|router|body-parser|raw-body|content-type|type-is|negotiator|etag|fresh|parseurl|finalhandler|send|on-finished|mime-types|media-typer|iconv-lite|qs|@as-integrations\/express5|whatwg-mimetype|node: internals|project dist\/src\/server\/(app|health|security)\.js)/,
  ],
  [
    'Apollo Server pipeline (request pipeline, plugins, hashing, armor)',
    /^(@apollo\/server|@apollo\/utils\.|@escape\.tech|project dist\/src\/server\/context\.js)/,
  ],
  [
    'GraphQL execution (graphql-js, type-graphql, subgraph, resolvers)',
    /^(graphql|type-graphql|@apollo\/subgraph|@apollo\/federation-internals|graphql-scalars|dataloader|project dist\/resolvers\/)/,
  ],
  ['logging (pino)', /^(pino|sonic-boom|@pinojs\/redact|fast-redact|project dist\/src\/server\/request-logging\.js)/],
];
const busyUs = totalUs - (byNearest.get('(idle)') ?? 0);
const grouped = new Map<string, number>();
for (const [label, us] of byNearest) {
  if (label === '(idle)') continue;
  const group = GROUPS.find(([, re]) => re.test(label))?.[0] ?? 'other (V8 natives, module loading at start-up, …)';
  grouped.set(group, (grouped.get(group) ?? 0) + us);
}
process.stdout.write(`\nNon-idle time by group (${(busyUs / 1e6).toFixed(1)} s not idle)\n`);
for (const [group, us] of [...grouped].sort((a, b) => b[1] - a[1])) {
  process.stdout.write(`${ms(us)} ${((100 * us) / busyUs).toFixed(1).padStart(5)}%  ${group}\n`);
}

if (values.pattern) {
  // Inclusive time: a sample counts once for every distinct matching frame on its stack.
  const re = new RegExp(values.pattern);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f) break;
      const key = `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
      if (!seen.has(key) && (re.test(f.functionName) || re.test(f.url))) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  print(`Inclusive time of frames matching /${values.pattern}/`, inclusive, top);
}
