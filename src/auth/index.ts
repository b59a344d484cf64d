// Callers: who is calling (JWT verification against a JWKS) and what they may do (scopes).
export { createAuthenticator, type AuthSettings, type Authenticator, type Verification } from './authenticator';
export { keySetFromFile, keySetFromUrl, type KeySet } from './key-sets';
export { isSchemaOnlyOperation } from './schema-only-operation';
export { DEV_AUDIENCE, DEV_ISSUER, devKeySet, loadOrCreateDevKey } from './dev-key';
