import type { Caller } from '../../domain/caller';
import type { WorkspaceService } from '../../domain/workspace-service';

/**
 * What every resolver gets: built per GraphQL request by the server (context.ts). Defined here, on
 * the server's side, so that nothing in src/ imports from resolvers/ but the schema build.
 */
export interface GraphQLContext {
  /** The server's id for the request (never the caller's), in every log line. */
  requestId: string;
  /** Who is calling, as verified (AUTH_MODE=jwt) or not checked here (AUTH_MODE=off). */
  caller: Caller;
  /**
   * Why the caller could not be authenticated (AUTH_MODE=jwt); null when it was. The operation is
   * then refused before it runs, unless it only asks for the SDL.
   */
  unauthenticated: string | null;
  /**
   * Set (with `unauthenticated`) when the caller's token could not be checked at all: no key to
   * verify it could be fetched. Answered 503 with Retry-After instead of 401.
   */
  authUnavailable?: { retryAfterSeconds: number } | undefined;
  workspaces: WorkspaceService;
  /** The request's trace when the sampler kept it (OpenTelemetry's context, opaque here); absent otherwise. */
  trace?: unknown;
}
