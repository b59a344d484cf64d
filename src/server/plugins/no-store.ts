import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Every GraphQL response says `Cache-Control: no-store`: workspaces are live provider data read
 * with this subgraph's credentials, and the schema declares no cache hints.
 *
 * This is what Apollo's cache-control plugin answers for such a schema, without its per-field
 * work: it computes a cache policy for every resolved field (in an `_entities` read of 100
 * workspaces, about a fifth of all the memory a request allocates) only to conclude "no-store".
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
