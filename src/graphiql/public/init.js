/* global React, ReactDOM, GraphiQL, document, window, URL */
// Starts GraphiQL on the page that src/graphiql/page.ts renders. An external file, so that the page
// needs no inline script (its Content-Security-Policy has script-src 'self'). React, ReactDOM and
// GraphiQL are the UMD bundles loaded before this script; the settings come from the JSON data
// block #graphiql-config.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('graphiql-config').textContent);

  // GraphiQL keeps the user's tabs in localStorage ("graphiql:tabState") and opens defaultTabs only
  // when there are none. GraphiQL 4.1 then fills the editors with the first tab's query but not its
  // variables (graphql/graphiql#3392), and on reload adds a tab whenever the editor keys it stores
  // on edit do not match a saved tab. So on a first visit, store the first tab as the editors'
  // contents, as if the user had typed it; headers (not persisted) go in as a prop.
  const firstTab = config.defaultTabs[0];
  const firstVisit = {};
  try {
    const storage = window.localStorage;
    if (firstTab && storage.getItem('graphiql:tabState') === null) {
      storage.setItem('graphiql:query', firstTab.query);
      if (firstTab.variables) storage.setItem('graphiql:variables', firstTab.variables);
      else storage.removeItem('graphiql:variables');
      if (firstTab.headers) firstVisit.headers = firstTab.headers;
    }
  } catch {
    // No storage: GraphiQL starts from defaultTabs each time; give it the first tab's values.
    if (firstTab) Object.assign(firstVisit, { variables: firstTab.variables, headers: firstTab.headers });
  }

  // createFetcher POSTs with content-type: application/json, which Apollo's CSRF prevention accepts.
  const fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).href });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: config.defaultTabs,
      ...firstVisit,
      defaultEditorToolsVisibility: 'variables',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
