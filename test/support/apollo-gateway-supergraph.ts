/**
 * @apollo/gateway refuses a supergraph that links a feature `for: SECURITY` it cannot enforce
 * ("feature https://specs.apollo.dev/requiresScopes/v0.1 is for: SECURITY but is unsupported"):
 * only routers that enforce @requiresScopes (Apollo Router, Hive Gateway) take it as composed.
 * For the tests that use @apollo/gateway as a plain query planner, the purpose is dropped: the
 * gateway then forwards every operation and the subgraph enforces the scopes on its own.
 */
export function withoutSecurityPurpose(supergraphSdl: string): string {
  return supergraphSdl.replace(
    /(@link\(url: "[^"]+", )for: SECURITY\)/g,
    (_all, link: string) => `${link.slice(0, -2)})`,
  );
}
