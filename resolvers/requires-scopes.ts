import type { Scope } from '../src/domain/caller';

/**
 * Federation's `@requiresScopes` for a field, from the same scope names the service enforces:
 * routers that enforce it refuse the operation before it reaches the subgraph, and the subgraph
 * checks again for itself.
 */
export function requiresScopes(scope: Scope): string {
  return `@requiresScopes(scopes: [[${JSON.stringify(scope)}]])`;
}
