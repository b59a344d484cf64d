// GraphiQL, served by the subgraph itself, in a real (headless) Chromium: no CDN, the default
// tabs, the schema docs, autocompletion, and running mutations against the embedded emulator.
// Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH); it fails, not skips, without.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TABS, EXAMPLE_WORKSPACE_ID, GRAPHIQL_CSP } from '../../src/graphiql';
import { resolvePublicDir } from '../../src/graphiql/assets';
import { loadConfig } from '../../src/server/config/config';
import { createLogger } from '../../src/server/logging/logger';
import { buildWorkspaceSchema } from '../../src/server/schema/schema';
import { startSubgraph, type RunningSubgraph } from '../../src/server/start';
import { fixtureOfId, providerAt, providerWith } from '../providers';

const ROOT = resolve(__dirname, '..', '..');
const OUTPUT = resolve(ROOT, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A browser's Accept for a page load. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const QUERY_EDITOR = '.graphiql-query-editor';
const VARIABLES_EDITOR = '.graphiql-editor-tool[aria-label="Variables"]';
const RESPONSE = '.graphiql-response';

/** The CodeMirror 5 instance GraphiQL 4 hangs on each editor's element (the tsconfig has no DOM types). */
interface CodeMirrorHost {
  CodeMirror: {
    getValue(): string;
    setValue(value: string): void;
    setCursor(line: number, ch: number): void;
    focus(): void;
  };
}

interface PageGlobals {
  localStorage: { getItem(key: string): string | null };
}

const editorValue = (page: Page, editor: string): Promise<string> =>
  page.$eval(`${editor} .CodeMirror`, (el: unknown) => (el as CodeMirrorHost).CodeMirror.getValue());

const setEditorValue = (page: Page, editor: string, value: string): Promise<void> =>
  page.$eval(
    `${editor} .CodeMirror`,
    (el: unknown, text: string) => (el as CodeMirrorHost).CodeMirror.setValue(text),
    value,
  );

async function start(env: Record<string, string> = {}): Promise<RunningSubgraph> {
  // No <P>_BASE_URL: outside production the embedded emulator serves every provider.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', METRICS_PORT: 'off', ...env });
  return startSubgraph(config, createLogger('silent'));
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

describe('GraphiQL in Chromium (embedded emulator)', () => {
  let running: RunningSubgraph;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const requests: { method: string; url: string; headers: Record<string, string> }[] = [];
  const failedResponses: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  /** Clicks Run and waits for the POST it sends; returns that request's headers. */
  async function execute(): Promise<Record<string, string>> {
    const sent = page.waitForRequest((r) => r.method() === 'POST' && !r.postData()?.includes('IntrospectionQuery'));
    await page.click('.graphiql-execute-button');
    return (await sent).headers();
  }

  /** Waits until the result pane holds a response that contains `text`, and parses it. */
  async function result(text: string): Promise<GraphQLBody> {
    await page.locator(RESPONSE).getByText(text).first().waitFor();
    return JSON.parse(await editorValue(page, RESPONSE)) as GraphQLBody;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: the browser tests need it. Install it with ` +
          '`apt-get install -y chromium` (Debian) or set CHROMIUM_PATH. Never let Playwright download one.',
      );
    }
    mkdirSync(OUTPUT, { recursive: true });
    running = await start();
    origin = new URL(running.server.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), headers: r.headers() }));
    page.on('response', async (r) => {
      if (r.status() < 400) return;
      const sent = r.request().postData()?.slice(0, 200) ?? '';
      failedResponses.push(
        `${r.status()} ${r.request().method()} ${r.url()} ${sent} -> ${(await r.text()).slice(0, 300)}`,
      );
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('loads the page and its assets from the server only, under a strict CSP', async () => {
    const introspected = page.waitForResponse((r) => r.request().postData()?.includes('IntrospectionQuery') ?? false);
    const response = await page.goto(running.server.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(response?.headers()['content-security-policy']).toBe(GRAPHIQL_CSP);
    await page.waitForSelector('.graphiql-execute-button');
    expect((await introspected).status()).toBe(200);

    const offServer = requests.filter((r) => !r.url.startsWith('data:') && new URL(r.url).origin !== origin);
    expect(offServer).toEqual([]);
    const assets = requests.filter((r) => r.url.startsWith(`${origin}/graphiql/assets/`)).map((r) => r.url);
    expect(assets.some((u) => /\/graphiql@[\d.]+\/index\.umd\.js$/.test(u))).toBe(true);
    expect(assets.some((u) => /\/graphiql@[\d.]+\/style\.css$/.test(u))).toBe(true);
    expect(assets.some((u) => /\/react@[\d.]+\/react\.production\.min\.js$/.test(u))).toBe(true);
    expect(assets.some((u) => /\/react-dom@[\d.]+\/react-dom\.production\.min\.js$/.test(u))).toBe(true);
    expect(assets.some((u) => /\/init\.[0-9a-f]{12}\.js$/.test(u))).toBe(true);
    // The introspection goes to the same /graphql as JSON, which Apollo's CSRF prevention accepts.
    const introspection = requests.find((r) => r.method === 'POST');
    expect(introspection?.url).toBe(running.server.url);
    expect(introspection?.headers['content-type']).toBe('application/json');

    // Every script is an external file (the page's CSP has script-src 'self', no 'unsafe-inline').
    const inlineScripts = await page.$$eval('script:not([src])', (scripts: unknown[]) =>
      scripts.map((s) => (s as { type: string }).type),
    );
    expect(inlineScripts).toEqual(['application/json']);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  });

  it('opens with the default tabs, the first one ready to run, and the headers editor', async () => {
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual([
      'UpdateWorkspace',
      'Workspace',
      'WorkspaceEntities',
      'UpdateWorkspaces',
      'PlanWorkspaceUpdates',
    ]);
    expect(await editorValue(page, QUERY_EDITOR)).toBe(DEFAULT_TABS[0]?.query);
    expect(JSON.parse(await editorValue(page, VARIABLES_EDITOR))).toMatchObject({
      input: { id: EXAMPLE_WORKSPACE_ID },
    });
    await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).waitFor();
  });

  it('runs the default updateWorkspace mutation: UpdateWorkspaceSuccess', async () => {
    const headers = await execute();
    expect(headers['content-type']).toBe('application/json');
    const body = await result('UpdateWorkspaceSuccess');
    expect(body.errors).toBeUndefined();
    expect(body.data?.updateWorkspace).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
      workspace: {
        id: EXAMPLE_WORKSPACE_ID,
        provider: fixtureOfId(EXAMPLE_WORKSPACE_ID).enumValue,
        description: 'Updated from GraphiQL',
      },
    });
    const screenshot = resolve(OUTPUT, 'graphiql-success.png');
    await page.screenshot({ path: screenshot });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      // `UPDATE_DOCS_SCREENSHOT=1 npx vitest run test/browser` refreshes the README's screenshot.
      copyFileSync(screenshot, resolve(ROOT, 'docs', 'graphiql.png'));
    }
  });

  it('shows the schema in the documentation explorer', async () => {
    await page.click('button[aria-label="Show Documentation Explorer"]');
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Root Types').waitFor();
    await docs.locator('a', { hasText: 'Mutation' }).first().click();
    await docs.getByText('updateWorkspace').first().waitFor();
    expect(await docs.innerText()).toContain('UpdateWorkspaceResult!');
    await page.screenshot({ path: resolve(OUTPUT, 'graphiql-docs.png') });
    await page.click('button[aria-label="Hide Documentation Explorer"]');
  });

  it('autocompletes fields from the schema', async () => {
    await page.$eval(`${QUERY_EDITOR} .CodeMirror`, (el: unknown) => {
      const editor = (el as CodeMirrorHost).CodeMirror;
      editor.setValue('query {\n  \n}\n');
      editor.focus();
      editor.setCursor(1, 2);
    });
    await page.keyboard.type('works');
    const hints = page.locator('.CodeMirror-hints');
    await hints.waitFor();
    expect(await hints.allInnerTexts()).toEqual(['workspace\nplanWorkspaceUpdates']);
    await page.keyboard.press('Escape');
  });

  it('runs an update with a field the provider lacks: WorkspaceValidationError, UNSUPPORTED_FIELD', async () => {
    // A list field one provider has (with a limit on each item), sent to one that lacks it.
    const listed = providerWith('with a list field', (f) => f.limits.some((l) => l.item));
    const field = (listed.limits.find((l) => l.item) as { field: string }).field;
    const lacking = providerWith('without that field', (f) => !f.fields.includes(field as never));
    await setEditorValue(
      page,
      QUERY_EDITOR,
      `mutation Unsupported {
  updateWorkspace(input: { id: ${JSON.stringify(lacking.writable.id)}, ${field}: ["blue"] }) {
    __typename
    ... on WorkspaceValidationError {
      fieldErrors {
        path
        code
        message
      }
    }
    ... on Error {
      message
    }
  }
}
`,
    );
    await setEditorValue(page, VARIABLES_EDITOR, '');
    // GraphiQL parses an edit after a short debounce; running before that would send the old
    // operation name. The tab's title follows the operation name once it has.
    await page.locator('.graphiql-tab-active', { hasText: 'Unsupported' }).waitFor();
    await execute();
    const body = await result('WorkspaceValidationError');
    await page.locator(RESPONSE).getByText('UNSUPPORTED_FIELD').first().waitFor();
    expect(body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceValidationError',
      fieldErrors: [{ path: ['input', field], code: 'UNSUPPORTED_FIELD' }],
    });
    await page.screenshot({ path: resolve(OUTPUT, 'graphiql-validation-error.png') });
  });

  it('keeps the tabs across a reload, without adding one', async () => {
    // GraphiQL saves each editor and the tabs to localStorage 500 ms after an edit; reloading
    // before that would restore a mix. (A function, not a string: the page's CSP refuses eval.)
    await page.waitForFunction(() => {
      const storage = (globalThis as unknown as PageGlobals).localStorage;
      const saved = (key: string) => storage.getItem(key) ?? '';
      return (
        storage.getItem('graphiql:variables') === null &&
        saved('graphiql:query').startsWith('mutation Unsupported') &&
        saved('graphiql:tabState').includes('"variables":""')
      );
    });
    await page.reload();
    await page.waitForSelector('.graphiql-execute-button');
    expect(await page.locator('.graphiql-tab').count()).toBe(DEFAULT_TABS.length);
    expect(await editorValue(page, QUERY_EDITOR)).toContain('mutation Unsupported');
  });

  it('runs the default updateWorkspaces batch: results in input order, the failing item on its own', async () => {
    // 'UpdateWorkspaces' is the only tab title containing that text.
    await page.locator('.graphiql-tab-button', { hasText: 'UpdateWorkspaces' }).click();
    await expect.poll(() => editorValue(page, QUERY_EDITOR)).toBe(DEFAULT_TABS[3]?.query);
    // GraphiQL re-parses the operation name 100 ms after the editor changes (no title changes to
    // wait for here: the tab already bears it); running before that sends the previous tab's name.
    await page.waitForTimeout(500);
    await execute();
    // The first line of the answer: CodeMirror only draws the lines in view.
    const body = await result('"updateWorkspaces"');
    expect(body.errors).toBeUndefined();
    expect(body.data?.['updateWorkspaces']).toEqual([
      expect.objectContaining({ __typename: 'UpdateWorkspaceSuccess' }),
      expect.objectContaining({ __typename: 'UpdateWorkspaceSuccess' }),
      expect.objectContaining({
        __typename: 'WorkspaceValidationError',
        fieldErrors: [expect.objectContaining({ path: ['inputs', '2', 'tags'], code: 'UNSUPPORTED_FIELD' })],
      }),
    ]);
    await page.screenshot({ path: resolve(OUTPUT, 'graphiql-batch.png') });
  });

  it('plan, then apply: the plan tab plans, and applying with its revision goes through', async () => {
    await page.locator('.graphiql-tab-button', { hasText: 'PlanWorkspaceUpdates' }).click();
    await expect.poll(() => editorValue(page, QUERY_EDITOR)).toBe(DEFAULT_TABS[4]?.query);
    await page.waitForTimeout(500);
    // Two operations in the tab: GraphiQL asks which one to run.
    const run = async (operation: string) => {
      const sent = page.waitForRequest((r) => r.method() === 'POST' && !!r.postData()?.includes(operation));
      await page.click('.graphiql-execute-button');
      await page.getByRole('menuitem', { name: operation, exact: true }).click();
      return sent;
    };
    await run('PlanWorkspaceUpdates');
    const planned = await result('"planWorkspaceUpdates"');
    const [plan] = planned.data?.['planWorkspaceUpdates'] as {
      __typename: string;
      revision: string;
      changes: { field: string }[];
    }[];
    expect(plan).toMatchObject({ __typename: 'WorkspaceUpdatePlan', changes: [{ field: 'description' }] });
    await page.screenshot({ path: resolve(OUTPUT, 'graphiql-plan.png') });

    const variables = JSON.parse(await editorValue(page, VARIABLES_EDITOR)) as {
      inputs: Record<string, unknown>[];
    };
    variables.inputs = variables.inputs.map((input) => ({ ...input, expectedRevision: plan?.revision }));
    await setEditorValue(page, VARIABLES_EDITOR, JSON.stringify(variables, null, 2));
    await page.waitForTimeout(500);
    await run('UpdateWorkspaces');
    const applied = await result('"updateWorkspaces"');
    expect(applied.data?.['updateWorkspaces']).toEqual([
      expect.objectContaining({ __typename: 'UpdateWorkspaceSuccess' }),
    ]);
  });

  it('sent no request to any host but the server, and nothing failed', () => {
    expect(requests.filter((r) => !r.url.startsWith('data:') && new URL(r.url).origin !== origin)).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(failedResponses).toEqual([]);
  });
});

describe('GET /graphql: the page for browsers, Apollo for everyone else', () => {
  let running: RunningSubgraph | undefined;

  afterAll(async () => {
    await running?.close();
  });

  async function get(path: string, headers: Record<string, string>): Promise<Response> {
    if (!running) throw new Error('no server');
    return fetch(new URL(path, running.server.url), { headers });
  }

  it('outside production: the page for Accept text/html; JSON queries and CSRF prevention unchanged', async () => {
    running = await start();
    const page = await get('/graphql', { accept: BROWSER_ACCEPT });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('vary')).toMatch(/Accept/);
    const html = await page.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);

    // Every asset the page names is served, with long cache headers.
    const assetPaths = [...html.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assetPaths).toHaveLength(6);
    for (const path of assetPaths) {
      const asset = await get(path, {});
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      await asset.arrayBuffer();
    }
    // Only the files the page names: nothing else from node_modules.
    const graphiqlDir = assetPaths.find((p) => p.includes('/graphiql@'))?.replace(/[^/]+$/, '') ?? '';
    expect((await get(`${graphiqlDir}package.json`, {})).status).toBe(404);
    expect((await get('/graphiql/assets/nope.js', {})).status).toBe(404);

    const query = '/graphql?query=%7B__typename%7D';
    const json = await get(query, { accept: 'application/json', 'apollo-require-preflight': 'true' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
    const simple = await get(query, { accept: 'application/json' });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toContain('Cross-Site Request Forgery');

    const post = await fetch(running.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query ($id: ID!) { workspace(id: $id) { id } }',
        variables: { id: providerAt(0).writable.id },
      }),
    });
    expect(await post.json()).toEqual({ data: { workspace: { id: providerAt(0).writable.id } } });
    await running.close();
    running = undefined;
  });

  it('in production: off, unless GRAPHIQL=on', async () => {
    running = await start({
      NODE_ENV: 'production',
      AUTH_MODE: 'off',
      ROUTER_SECRET: 'a-router-secret-of-16+',
      GRAPHIQL: 'on',
    });
    const on = await get('/graphql', { accept: BROWSER_ACCEPT });
    expect(on.status).toBe(200);
    const html = await on.text();
    expect(html).toContain('<div id="graphiql">');
    const script = /src="(\/graphiql\/assets\/[^"]+)"/.exec(html)?.[1] ?? '';
    expect((await get(script, {})).status).toBe(200);
    await running.close();

    running = await start({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: 'a-router-secret-of-16+' });
    const off = await get('/graphql', { accept: BROWSER_ACCEPT });
    expect(off.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(await off.text()).not.toContain('graphiql');
    expect((await get(script, {})).status).toBe(404);
    await running.close();
    running = undefined;
  });

  it('reads GRAPHIQL: on by default outside production, GRAPHIQL=on|off overrides', () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'off' }).graphiql).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: 'a-router-secret-of-16+' }).graphiql,
    ).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: 'a-router-secret-of-16+', GRAPHIQL: 'on' })
        .graphiql,
    ).toBe(true);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/GRAPHIQL/);
  });
});

describe('GraphiQL default tabs and files', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildWorkspaceSchema();
  });

  it('are valid operations against the schema, with JSON variables', () => {
    for (const tab of DEFAULT_TABS) {
      expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
      if (tab.variables) expect(() => JSON.parse(tab.variables ?? '')).not.toThrow();
    }
  });

  it('the mutation selects __typename, the success and every error member of UpdateWorkspaceResult', () => {
    const query = DEFAULT_TABS[0]?.query ?? '';
    expect(query).toContain('__typename');
    const union = schema.getType('UpdateWorkspaceResult');
    const members = union && 'getTypes' in union ? union.getTypes().map((t) => t.name) : [];
    expect(members.length).toBeGreaterThan(1);
    for (const member of [...members, 'Error']) expect(query).toContain(`... on ${member} {`);
  });

  it('finds the browser files from the build output too (dist/src/graphiql)', () => {
    const publicDir = resolve(ROOT, 'src', 'graphiql', 'public');
    expect(resolvePublicDir(resolve(ROOT, 'src', 'graphiql'))).toBe(publicDir);
    expect(resolvePublicDir(resolve(ROOT, 'dist', 'src', 'graphiql'))).toBe(publicDir);
  });

  it('the committed README screenshot stays small', () => {
    const screenshot = resolve(ROOT, 'docs', 'graphiql.png');
    expect(existsSync(screenshot)).toBe(true);
    expect(statSync(screenshot).size).toBeLessThan(300 * 1024);
  });
});
