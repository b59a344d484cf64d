// Callers: who is calling (JWT verification against a JWKS) and what they may do (scopes).
export { createAuthenticator, type AuthSettings, type Authenticator, type Verification } from './authenticator';
export { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from './jwt-verifier';
export { JwksUnavailable, keySetFromFile, keySetFromUrl, MAX_JWKS_BYTES, type KeySet } from './key-sets';
export { isSchemaOnlyOperation } from './schema-only-operation';
export { DEV_AUDIENCE, DEV_ISSUER, devKeySet, loadOrCreateDevKey } from './dev-key';
