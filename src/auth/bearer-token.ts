/** The token of `Authorization: Bearer <token>` (scheme case-insensitive, RFC 9110); null otherwise. */
export function bearerTokenOf(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match?.[1] ?? null;
}
