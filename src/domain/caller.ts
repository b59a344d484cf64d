/** The scopes this subgraph knows: reads need the first, every write the second. */
export const SCOPES = {
  read: 'workspaces:read',
  write: 'workspaces:write',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

/** Who is calling, as far as this subgraph has verified it. */
export interface Caller {
  /** The token's `sub`; null when callers are not authenticated here (AUTH_MODE=off) or it has none. */
  subject: string | null;
  /** The caller's tenant (the AUTH_TENANT_CLAIM claim); null when there is none. */
  tenant: string | null;
  /** The granted scopes; null when scopes are not checked here (AUTH_MODE=off: the router decides). */
  scopes: ReadonlySet<string> | null;
}

/** AUTH_MODE=off: nobody is authenticated here, nothing is refused for want of a scope. */
export const UNVERIFIED_CALLER: Caller = Object.freeze({ subject: null, tenant: null, scopes: null });

export function hasScope(caller: Caller, scope: Scope): boolean {
  return caller.scopes === null || caller.scopes.has(scope);
}
