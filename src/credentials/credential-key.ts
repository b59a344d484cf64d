import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a credential, for cache keys: responses read with one credential are only
 * served to requests that use the same one, and the key never holds the credential itself.
 */
export function credentialKeyer(secret: string): (credential: string) => string {
  return (credential) => createHmac('sha256', secret).update(credential).digest('base64url');
}
