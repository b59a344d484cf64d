// The contract between the HTTP server and one emulated provider. Providers see a parsed,
// transport-free call and answer with a status/body, so they stay easy to read and test.

export type RequestBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  /** Present but not JSON (unparseable, or not sent as application/json). */
  | { kind: 'invalid'; text: string };

/** What the caller's token allows, decided in one place (tenants.ts); providers only ask. */
export interface Access {
  /** The token opens this provider; otherwise the provider's unauthorized reply. */
  authorized: boolean;
  /** May see and change this workspace record (else the provider's 403). Asked with the record, not its reference. */
  canAccess(record: { id: string }): boolean;
}

export interface ProviderCall extends Access {
  method: string;
  /** Raw (not decoded) path segments after the provider prefix; '/a/b' -> ['a', 'b']. */
  segments: readonly string[];
  /** The request's headers as node:http gives them (lower-case names); for content negotiation. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: RequestBody;
}

export interface ProviderReply {
  status: number;
  /** undefined = no body at all (a 401/403/404 for which the document defines none). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface EmulatedApi {
  handle(call: ProviderCall): ProviderReply;
  /** Back to the seeded data. */
  reset(): void;
}
