// A real Prometheus (Debian's, `npm run install:system`) scrapes the subgraph's METRICS_PORT; a
// provider metric is read back through Prometheus's HTTP API. The README's queries run there and
// its alert rules load there, so the documentation is checked against the metrics as exposed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/processes';
import { providerAt } from '../providers';
import { startStack, type TestStack } from '../support/stack';

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
/** The provider whose first GET fails (any). */
const P = providerAt(0);

/** The fenced blocks of the README's "Operating it" section with this info string. */
function readmeBlocks(language: string): string[] {
  const section = README.slice(README.indexOf('## Operating it'));
  const end = section.indexOf('\n## ', 1);
  const text = end === -1 ? section : section.slice(0, end);
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** The PromQL block's expressions: one per line, or continued on indented lines; `#` lines are comments. */
function readmeQueries(): string[] {
  const [block] = readmeBlocks('promql');
  const queries: string[] = [];
  for (const line of (block ?? '').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (/^\s/.test(line) && queries.length > 0) queries[queries.length - 1] += ` ${line.trim()}`;
    else queries.push(line.trim());
  }
  return queries;
}

interface PrometheusAnswer<T> {
  status: 'success' | 'error';
  error?: string;
  data: T;
}
type Vector = { metric: Record<string, string>; value: [number, string] }[];

describe('Prometheus scraping the subgraph', () => {
  let stack: TestStack;
  let prometheus: ChildProcess;
  let api: string;
  let dir: string;

  const query = async (promql: string) => {
    const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
    return (await response.json()) as PrometheusAnswer<{ resultType: string; result: Vector }>;
  };

  beforeAll(async () => {
    stack = await startStack({ METRICS_PORT: '0' });
    const target = new URL(stack.subgraph.metricsUrl!).host;
    dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
    const rules = readmeBlocks('yaml').find((block) => block.startsWith('groups:'));
    if (!rules) throw new Error('the README has no alert rules');
    writeFileSync(join(dir, 'rules.yml'), rules);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [rules.yml]',
        'scrape_configs:',
        '  - job_name: workspace-subgraph',
        `    static_configs: [{ targets: ['${target}'] }]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=error',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await new Promise<void>((ready, fail) => {
      prometheus.once('error', (error) =>
        fail(new Error(`prometheus could not start (npm run install:system): ${error.message}`)),
      );
      prometheus.once('spawn', () => ready());
    });
  }, 30_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((done) => prometheus.once('exit', done));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a provider metric back through the HTTP API', async () => {
    // A provider answers 503 once, then 200: two requests, one retry.
    stack.emulator.injectFault(P.provider, { status: 503, times: 1, method: 'GET' });
    const read = await stack.graphql(`{ workspace(id: ${JSON.stringify(P.writable.id)}) { id } }`);
    expect(read.body.errors).toBeUndefined();

    const byClass = `sum by (status_class) (provider_request_duration_seconds_count{provider="${P.provider}",method="GET"})`;
    let result: Vector = [];
    for (const ends = Date.now() + 20_000; Date.now() < ends;) {
      const answer = await query(byClass).catch(() => undefined); // not up yet
      result = answer?.data?.result ?? [];
      if (result.length === 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(Object.fromEntries(result.map((r) => [r.metric['status_class'], r.value[1]]))).toEqual({
      '5xx': '1',
      '2xx': '1',
    });
    const retries = await query(`provider_retries_total{provider="${P.provider}"}`);
    expect(retries.data.result.map((r) => [r.metric['cause'], r.value[1]])).toEqual([['503', '1']]);
    const up = await query('up{job="workspace-subgraph"}');
    expect(up.data.result[0]?.value[1]).toBe('1');
  }, 30_000);

  it("runs the README's queries", async () => {
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const promql of queries) {
      const answer = await query(promql);
      expect(answer, promql).toMatchObject({ status: 'success' });
    }
    // The error-rate query sees the provider's one failure in two requests.
    const answer = await query(queries[0]!);
    const failing = answer.data.result.find((r) => r.metric['provider'] === P.provider);
    if (failing) expect(Number(failing.value[1])).toBeCloseTo(0.5);
  });

  it("loads the README's alert rules", async () => {
    const response = await fetch(`${api}/api/v1/rules`);
    const answer = (await response.json()) as PrometheusAnswer<{
      groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[];
    }>;
    const rules = answer.data.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.name)).toContain('WorkspaceProviderErrors');
    expect(rules.length).toBeGreaterThanOrEqual(5);
    expect(rules.filter((r) => r.health === 'err')).toEqual([]);
  });
});
