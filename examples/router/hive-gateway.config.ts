/**
 * Hive Gateway in front of this subgraph (AUTH_MODE=jwt):
 *
 *   JWKS_URL=https://idp.example/.well-known/jwks.json JWT_ISSUER=https://idp.example/ JWT_AUDIENCE=workspace-subgraph \
 *     npx hive-gateway supergraph supergraph.graphql -c examples/router/hive-gateway.config.ts
 *
 * The gateway verifies the caller's JWT and enforces @requiresScopes before planning, so a refused
 * operation never reaches a subgraph; it then forwards the same bearer token to the Workspace
 * subgraph, which verifies it again (scopes, tenant) — the gateway is a first line, not the only
 * one. The token and the x-<p>-token headers go to the Workspace subgraph and to no other one.
 * The CLI loads this file with its own TypeScript loader (no build step, no tsx).
 */
import { createRemoteJwksSigningKeyProvider, defineConfig, extractFromHeader } from '@graphql-hive/gateway';

/**
 * Every provider the subgraph serves. It MUST list them all: a provider in `caller` mode
 * (`<P>_CREDENTIALS=caller`) reads the caller's own token from `x-<p>-token`, and a header that is
 * not listed here is dropped by the gateway (the subgraph then reports that provider's credential as missing).
 */
const PROVIDERS = ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat', 'terraform'] as const;

/**
 * The Workspace subgraph's name in the supergraph, as scripts/compose.ts (repositorySubgraphs)
 * composes it. Only this subgraph is sent the caller's credentials.
 */
const WORKSPACE_SUBGRAPH = 'workspaces';

/**
 * Client headers sent on to the Workspace subgraph only: the caller's JWT (the subgraph verifies
 * it itself, AUTH_MODE=jwt, and takes the tenant from it) and each provider token. Another team's
 * subgraph never sees them.
 */
const CREDENTIAL_HEADERS = ['authorization', ...PROVIDERS.map((provider) => `x-${provider}-token`)];

/**
 * Client headers sent on to every subgraph: x-request-id correlates the gateway's and the
 * subgraphs' logs (the gateway makes one up when the client sends none). Any other client
 * header stays at the gateway.
 */
const CORRELATION_HEADERS = ['x-request-id'];

function env(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`hive-gateway.config.ts: set ${name}`);
  return value;
}

/** Scopes as the subgraph reads them: `scope` (space-separated) or `scp` (array or string, Azure AD, Okta). */
function scopesOf(payload: Record<string, unknown>): string[] {
  return [payload['scope'], payload['scp']].flatMap((claim) =>
    typeof claim === 'string'
      ? claim.split(' ').filter(Boolean)
      : Array.isArray(claim)
        ? claim.filter((s): s is string => typeof s === 'string')
        : [],
  );
}

export const gatewayConfig = defineConfig({
  jwt: {
    // Keys from the identity provider's JWKS (fetched on demand by kid, cached, so rotation just works).
    signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: env('JWKS_URL') })],
    tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
    tokenVerification: {
      // Asymmetric algorithms only. Without this list the plugin also accepts HS256, i.e. a token
      // "signed" with a shared secret. EdDSA is not here: the gateway's verifier (jsonwebtoken 9)
      // cannot check it, so an IdP that signs with Ed25519 needs RS*/PS*/ES* keys for the gateway.
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'],
      // A token minted for another API or by another issuer is refused, as the subgraph does.
      issuer: env('JWT_ISSUER'),
      audience: env('JWT_AUDIENCE'),
    },
    // No token, or one that fails verification: 401 (400 if it is not a JWT at all), before the
    // operation is even parsed.
    reject: { missingToken: true, invalidToken: true },
    // The subgraph reads the forwarded Authorization header, not a decoded copy in `extensions`.
    forward: { payload: false, token: false },
  },
  genericAuth: {
    // Enforce @requiresScopes (and @authenticated, @policy) from the supergraph, field by field.
    mode: 'protect-granular',
    // The verified token's claims are the "user" whose scopes are checked.
    resolveUserFn: (context) => context['jwt']?.payload,
    extractScopes: scopesOf,
    // One unauthorized field refuses the whole operation before any subgraph is called
    // (instead of running the rest and nulling that field): a mutation is never half-executed.
    rejectUnauthenticated: true,
  },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) => {
      const names =
        subgraphName === WORKSPACE_SUBGRAPH ? [...CREDENTIAL_HEADERS, ...CORRELATION_HEADERS] : CORRELATION_HEADERS;
      return Object.fromEntries(names.map((name) => [name, request.headers.get(name)]));
    },
  },
});
