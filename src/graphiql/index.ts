export { graphiqlRouter, prefersHtml, type GraphiQLRouterOptions } from './router';
export { DEFAULT_TABS, EXAMPLE_WORKSPACE_ID, type GraphiQLTab } from './default-tabs';
export { GRAPHIQL_CSP } from './page';
