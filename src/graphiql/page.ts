import type { PageAssets } from './assets';
import type { GraphiQLTab } from './default-tabs';

/** What init.js reads from the page's `#graphiql-config` data block. */
export interface GraphiQLPageConfig {
  /** The GraphQL endpoint, resolved against the page's URL. */
  endpoint: string;
  defaultTabs: readonly GraphiQLTab[];
}

export interface GraphiQLPageInput {
  title: string;
  /** URL path prefix of the assets, e.g. `/graphiql/assets`. */
  assetsPrefix: string;
  assets: PageAssets;
  config: GraphiQLPageConfig;
}

/**
 * Sent with the page: scripts only from this server, no inline script, no eval, requests only to
 * this server. Styles allow 'unsafe-inline' because GraphiQL's dialogs inject a <style> element.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON that is safe inside <script type="application/json">: no `</script>`, no `<!--`. */
const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The HTML of the GraphiQL page: assets from this server, the browser code in an external init script. */
export function renderGraphiQLPage(input: GraphiQLPageInput): string {
  const url = (path: string) => escapeHtml(`${input.assetsPrefix}${path}`);
  const stylesheets = input.assets.stylesheets.map((p) => `    <link rel="stylesheet" href="${url(p)}" />`);
  const scripts = input.assets.scripts.map((p) => `    <script defer src="${url(p)}"></script>`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${escapeHtml(input.title)}</title>
    <link rel="icon" href="data:," />
${stylesheets.join('\n')}
${scripts.join('\n')}
    <script id="graphiql-config" type="application/json">${jsonForScript(input.config)}</script>
  </head>
  <body>
    <div id="graphiql"><p class="graphiql-loading">Loading GraphiQL…</p></div>
    <noscript>GraphiQL needs JavaScript.</noscript>
  </body>
</html>
`;
}
