import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header carrying the router's shared secret. */
export const ROUTER_SECRET_HEADER = 'x-router-secret';

/**
 * With ROUTER_SECRET set, only callers that present it (the router) reach GraphQL. Compared in
 * constant time; hashing first makes both sides the same length.
 */
export function routerSecretCheck(secret: string): (req: IncomingMessage) => boolean {
  const expected = digest(secret);
  return (req) => {
    const given = req.headers[ROUTER_SECRET_HEADER];
    return typeof given === 'string' && timingSafeEqual(digest(given), expected);
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
