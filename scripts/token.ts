// `npm run token -- --tenant acme --scope "workspaces:read workspaces:write" [--sub alice] [--ttl 3600]`
// prints a JWT signed with the development key, which `npm start` accepts with AUTH_MODE=jwt
// while the embedded emulator serves every provider (never in production).
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';
import { DEV_AUDIENCE, DEV_ISSUER, devSigningKey, loadOrCreateDevKey } from '../src/auth/dev-key';

const USAGE = 'usage: npm run token -- [--tenant <name>] [--scope "<scopes>"] [--sub <subject>] [--ttl <seconds>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      scope: { type: 'string', default: 'workspaces:read workspaces:write' },
      sub: { type: 'string', default: 'developer' },
      ttl: { type: 'string', default: '3600' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`--ttl must be a positive number of seconds\n${USAGE}`);
  // The subgraph refuses a token whose exp is further away than AUTH_MAX_TOKEN_LIFETIME (default 24 h).
  if (ttl > 86_400) throw new Error(`--ttl must be at most 86400 s (AUTH_MAX_TOKEN_LIFETIME's default)\n${USAGE}`);
  const key = await loadOrCreateDevKey();
  const token = await new SignJWT({ scope: values.scope, ...(values.tenant ? { tenant: values.tenant } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: key.publicJwk.kid ?? 'dev', typ: 'JWT' })
    .setSubject(values.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(await devSigningKey(key));
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
