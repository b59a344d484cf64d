import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json';

/**
 * A workspace's revision from its provider's representation: a hash of the representation as
 * canonical JSON (keys sorted), so it changes whenever anything the provider returns changes and
 * never when only the key order does. Each provider's contract says which part of its answer is
 * the representation (its envelope aside): `revisionOf` in its contract.ts.
 */
export function revisionOfRepresentation(representation: unknown): string {
  return createHash('sha256').update(canonicalJson(representation)).digest('base64url').slice(0, 27);
}

/** `body[key]` when the body is an object (an envelope around the representation); undefined otherwise. */
export function memberOf(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
}
