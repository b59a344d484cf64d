import { z } from 'zod';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../../auth/jwt-verifier';
import { CREDENTIAL_MODES, type CredentialMode } from '../../credentials';
import { PROVIDER_NAMES, type ProviderName } from '../../domain/provider';
import type { RequestLimits } from '../../limits';
import type { HttpClientOptions } from '../../providers/shared/http-client';
import type { ResilienceOptions } from '../../providers/shared/resilience';
import { describeIssue, fieldOf, isEchoed } from './messages';

/** One provider's configuration; a provider without a base URL is served by the emulator or not at all. */
export interface ProviderConfig {
  baseUrl: string | undefined;
  token: string | undefined;
  /** Whose credential its calls carry (`<P>_CREDENTIALS`). */
  credentials: CredentialMode;
}

/** Where the keys that verify callers' JWTs come from. */
export type JwksSource =
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string }
  /** The development key (`npm run token`): only with the emulator serving every provider, never in production. */
  | { kind: 'development' };

export type AuthConfig =
  | { mode: 'off' }
  | {
      mode: 'jwt';
      jwks: JwksSource;
      issuer: string | undefined;
      audience: string | undefined;
      tenantClaim: string;
      /** AUTH_MAX_TOKEN_LIFETIME: a token's `exp` at most this many seconds from now. */
      maxTokenLifetimeSeconds: number;
    };

export interface UpstreamConfig extends HttpClientOptions, ResilienceOptions {}

export interface AppConfig {
  port: number;
  host: string;
  /** Prometheus metrics at /metrics on this port (0: any free one), or `off`. Never the GraphQL port. */
  metricsPort: number | 'off';
  production: boolean;
  /** Serve providers without a base URL from the embedded emulator. */
  emulator: boolean;
  /** Serve GraphiQL on GET /graphql to browsers. */
  graphiql: boolean;
  providers: Record<ProviderName, ProviderConfig>;
  /** Outbound HTTP: timeouts, retries, breaker (see the README's reliability section). */
  upstream: UpstreamConfig;
  /** Concurrent upstream GETs per provider within one GraphQL request. */
  readConcurrency: number;
  /** Writes in flight per provider and credential, across the whole process (WRITE_CONCURRENCY). */
  writeConcurrency: number;
  /** What one HTTP request may cost and how long it may last (MAX_REQUEST_*, MAX_BATCH_OPERATIONS, REQUEST_DEADLINE_MS). */
  limits: RequestLimits;
  /** TENANT_WRITE_RATE: writes per minute per tenant (or caller) per provider; null: off. */
  tenantWriteRate: number | null;
  logLevel: string;
  /** Shared secret the router sends in `x-router-secret`; unset: any caller is served. */
  routerSecret: string | undefined;
  maxBodyBytes: number;
  /** Redis shared by replicas: persisted queries and provider GET responses. Unset: no shared state. */
  redisUrl: string | undefined;
  /** How long a provider GET response is served from the shared cache. */
  readCacheTtlSeconds: number;
  /**
   * GRAPHQL_EXECUTOR: `graphql-js` (the reference executor, the default) or `jit` (graphql-jit, compiled
   * per operation: less CPU, a longer latency tail here; BENCHMARKS.md, issue 19).
   */
  executor: 'jit' | 'graphql-js';
  /** Keys the credential hash in shared-cache keys; replicas sharing a cache share it. */
  cacheKeySecret: string | undefined;
  /** Who may call, and how callers are verified (AUTH_MODE). */
  auth: AuthConfig;
  /** `{"<tenant>": {"<provider>": "<token>"}}`, for providers in `tenant` mode. */
  tenantCredentialsFile: string | undefined;
}

const optional = z.string().trim().min(1).optional().catch(undefined);
const url = z
  .url({ protocol: /^https?$/ })
  .optional()
  .or(z.literal('').transform(() => undefined));

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** NODE_ENV's values: anything else (`Production`, `prod`, `staging`) is refused, not taken for development. */
const NODE_ENVS = ['production', 'development', 'test'] as const;

const envSchema = z.object({
  // Empty (NODE_ENV= in an env file) counts as unset: development.
  NODE_ENV: z.preprocess((value) => (value === '' ? undefined : value), z.enum(NODE_ENVS).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  HOST: z.string().default('0.0.0.0'),
  // Empty (METRICS_PORT= in an env file) counts as unset.
  METRICS_PORT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)], {
        error: 'must be a port number (0 to 65535) or `off`',
      })
      .default(9464),
  ),
  WORKSPACE_EMULATOR: z.enum(['on', 'off']).optional(),
  GRAPHIQL: z.enum(['on', 'off']).optional(),
  UPSTREAM_CONNECT_TIMEOUT_MS: ms(2_000),
  UPSTREAM_HEADERS_TIMEOUT_MS: ms(5_000),
  UPSTREAM_BODY_TIMEOUT_MS: ms(5_000),
  UPSTREAM_TIMEOUT_MS: ms(6_000),
  UPSTREAM_BUDGET_MS: ms(15_000),
  UPSTREAM_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  UPSTREAM_RETRY_AFTER_CAP_MS: ms(2_000),
  UPSTREAM_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  UPSTREAM_CONNECTIONS: z.coerce.number().int().positive().default(64),
  BREAKER_THRESHOLD: z.coerce.number().int().positive().default(5),
  BREAKER_HALF_OPEN_AFTER_MS: ms(10_000),
  READ_CONCURRENCY: z.coerce.number().int().positive().default(8),
  WRITE_CONCURRENCY: z.coerce.number().int().positive().default(4),
  // BULK_DEADLINE_MS, its name before it covered the whole request, is still read when REQUEST_DEADLINE_MS is unset.
  REQUEST_DEADLINE_MS: z.coerce.number().int().positive().optional(),
  BULK_DEADLINE_MS: z.coerce.number().int().positive().optional(),
  MAX_REQUEST_WRITES: z.coerce.number().int().positive().default(100),
  MAX_REQUEST_READS: z.coerce.number().int().positive().default(500),
  MAX_BATCH_OPERATIONS: z.coerce.number().int().positive().default(10),
  // Empty or `off` (the default): no share per tenant.
  TENANT_WRITE_RATE: z.preprocess(
    (value) => (value === '' || value === 'off' ? undefined : value),
    z.coerce.number().int().positive().optional(),
  ),
  ROUTER_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  READ_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(5),
  GRAPHQL_EXECUTOR: z.enum(['jit', 'graphql-js']).default('graphql-js'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CACHE_KEY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Empty (AUTH_MODE= in an env file) counts as unset.
  AUTH_MODE: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['jwt', 'off']).optional()),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_JWKS_FILE: z.string().min(1).optional(),
  // Empty counts as unset (required under NODE_ENV=production with AUTH_MODE=jwt).
  AUTH_ISSUER: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  AUTH_AUDIENCE: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  AUTH_TENANT_CLAIM: z.string().min(1).default('tenant'),
  AUTH_MAX_TOKEN_LIFETIME: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS)
    .describe('seconds'),
  TENANT_CREDENTIALS_FILE: z.string().min(1).optional(),
});

const providerSchema = z
  .object({ BASE_URL: url, API_TOKEN: optional, CREDENTIALS: z.enum(CREDENTIAL_MODES).default('service') })
  .transform((v): ProviderConfig => ({ baseUrl: v.BASE_URL, token: v.API_TOKEN, credentials: v.CREDENTIALS }));

/** Reads the environment (see the README's configuration table); throws a readable error on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const values = parseOrThrow(envSchema, env, '');
  const production = values.NODE_ENV === 'production';
  const emulator = (values.WORKSPACE_EMULATOR ?? (production ? 'off' : 'on')) === 'on';
  const providers = Object.fromEntries(
    PROVIDER_NAMES.map((p) => {
      const prefix = p.toUpperCase();
      const raw = {
        BASE_URL: env[`${prefix}_BASE_URL`],
        API_TOKEN: env[`${prefix}_API_TOKEN`],
        CREDENTIALS: env[`${prefix}_CREDENTIALS`] || undefined,
      };
      return [p, parseOrThrow(providerSchema, raw, `${prefix}_`)];
    }),
  ) as Record<ProviderName, ProviderConfig>;
  const auth = authConfig(values, production, emulator && PROVIDER_NAMES.every((p) => !providers[p].baseUrl));
  checkCredentialModes(providers, auth, values.TENANT_CREDENTIALS_FILE);
  if (production) {
    checkProductionAuth(auth, values.ROUTER_SECRET);
    checkCacheKeySecret(providers, values.REDIS_URL, values.CACHE_KEY_SECRET);
  }
  return {
    port: values.PORT,
    host: values.HOST,
    metricsPort: metricsPortOf(values.METRICS_PORT, values.PORT),
    production,
    emulator,
    graphiql: (values.GRAPHIQL ?? (production ? 'off' : 'on')) === 'on',
    providers,
    upstream: {
      connectTimeoutMs: values.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: values.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: values.UPSTREAM_BODY_TIMEOUT_MS,
      maxResponseBytes: values.UPSTREAM_MAX_RESPONSE_BYTES,
      connectionsPerOrigin: values.UPSTREAM_CONNECTIONS,
      attemptTimeoutMs: values.UPSTREAM_TIMEOUT_MS,
      budgetMs: values.UPSTREAM_BUDGET_MS,
      maxAttempts: values.UPSTREAM_MAX_ATTEMPTS,
      initialBackoffMs: 100,
      maxBackoffMs: 2_000,
      retryAfterCapMs: values.UPSTREAM_RETRY_AFTER_CAP_MS,
      breakerThreshold: values.BREAKER_THRESHOLD,
      breakerHalfOpenAfterMs: values.BREAKER_HALF_OPEN_AFTER_MS,
    },
    readConcurrency: values.READ_CONCURRENCY,
    writeConcurrency: values.WRITE_CONCURRENCY,
    limits: {
      maxWrites: values.MAX_REQUEST_WRITES,
      maxReads: values.MAX_REQUEST_READS,
      maxBatchOperations: values.MAX_BATCH_OPERATIONS,
      deadlineMs: values.REQUEST_DEADLINE_MS ?? values.BULK_DEADLINE_MS ?? 25_000,
    },
    tenantWriteRate: values.TENANT_WRITE_RATE ?? null,
    logLevel: values.LOG_LEVEL,
    routerSecret: values.ROUTER_SECRET,
    maxBodyBytes: values.MAX_BODY_BYTES,
    redisUrl: values.REDIS_URL,
    readCacheTtlSeconds: values.READ_CACHE_TTL_SECONDS,
    executor: values.GRAPHQL_EXECUTOR,
    cacheKeySecret: values.CACHE_KEY_SECRET,
    auth,
    tenantCredentialsFile: values.TENANT_CREDENTIALS_FILE,
  };
}

/**
 * AUTH_MODE: `off` by default for local development; under NODE_ENV=production it must be
 * chosen, so that a deployment never runs unauthenticated by omission.
 */
function authConfig(values: z.infer<typeof envSchema>, production: boolean, emulatorOnly: boolean): AuthConfig {
  const mode = values.AUTH_MODE ?? (production ? undefined : 'off');
  if (mode === undefined) {
    throw new Error(
      'Invalid configuration: AUTH_MODE must be set under NODE_ENV=production: `jwt` (callers send a verified JWT) or `off` (the router authenticates them)',
    );
  }
  if (mode === 'off') return { mode };
  if (values.AUTH_JWKS_URL && values.AUTH_JWKS_FILE) {
    throw new Error('Invalid configuration: set one of AUTH_JWKS_URL and AUTH_JWKS_FILE, not both');
  }
  const jwks: JwksSource | undefined = values.AUTH_JWKS_URL
    ? { kind: 'url', url: values.AUTH_JWKS_URL }
    : values.AUTH_JWKS_FILE
      ? { kind: 'file', path: values.AUTH_JWKS_FILE }
      : !production && emulatorOnly
        ? { kind: 'development' }
        : undefined;
  if (!jwks) throw new Error('Invalid configuration: AUTH_MODE=jwt needs AUTH_JWKS_URL or AUTH_JWKS_FILE');
  if (production && jwks.kind === 'url' && !isHttpsOrLoopback(jwks.url)) {
    throw new Error(
      'Invalid configuration: AUTH_JWKS_URL must be https under NODE_ENV=production (plain http only to 127.0.0.1, ::1 or localhost): keys fetched in clear can be replaced on the way',
    );
  }
  return {
    mode,
    jwks,
    issuer: values.AUTH_ISSUER,
    audience: values.AUTH_AUDIENCE,
    tenantClaim: values.AUTH_TENANT_CLAIM,
    maxTokenLifetimeSeconds: values.AUTH_MAX_TOKEN_LIFETIME,
  };
}

/**
 * Under NODE_ENV=production, nobody on the network may call unchecked:
 * - AUTH_MODE=jwt needs AUTH_ISSUER and AUTH_AUDIENCE: without them a token any client of the
 *   identity provider got, for any other API (`aud: "payments-api"`), or from another issuer
 *   sharing the keys, would be accepted here.
 * - AUTH_MODE=off needs ROUTER_SECRET: callers are authenticated by the router, so only callers
 *   that prove they are the router may be served.
 */
function checkProductionAuth(auth: AuthConfig, routerSecret: string | undefined): void {
  if (auth.mode === 'jwt') {
    const missing = [...(auth.issuer ? [] : ['AUTH_ISSUER']), ...(auth.audience ? [] : ['AUTH_AUDIENCE'])];
    if (missing.length === 0) return;
    const verb = missing.length === 1 ? 'must be set' : 'must both be set';
    throw new Error(
      `Invalid configuration: ${missing.join(' and ')} ${verb} under NODE_ENV=production with AUTH_MODE=jwt: without them a token the identity provider issued for another API, or another issuer's, would be accepted`,
    );
  }
  if (!routerSecret) {
    throw new Error(
      'Invalid configuration: ROUTER_SECRET must be set under NODE_ENV=production with AUTH_MODE=off: callers are not authenticated here, so only the router (which sends it in x-router-secret) may call',
    );
  }
}

/** `tenant` credentials need a verified tenant (AUTH_MODE=jwt) and the file of tenants' tokens. */
function checkCredentialModes(
  providers: Record<ProviderName, ProviderConfig>,
  auth: AuthConfig,
  tenantFile: string | undefined,
): void {
  for (const p of PROVIDER_NAMES.filter((name) => providers[name].credentials === 'tenant')) {
    const variable = `${p.toUpperCase()}_CREDENTIALS=tenant`;
    if (auth.mode !== 'jwt') throw new Error(`Invalid configuration: ${variable} needs AUTH_MODE=jwt`);
    if (!tenantFile) throw new Error(`Invalid configuration: ${variable} needs TENANT_CREDENTIALS_FILE`);
  }
}

/**
 * Under NODE_ENV=production, a shared cache (REDIS_URL) holding responses read with tenants' or
 * callers' credentials needs CACHE_KEY_SECRET: without it the credential hash in cache keys is
 * keyed with a secret derived from REDIS_URL, and whoever can read Redis can test guesses of a token.
 */
function checkCacheKeySecret(
  providers: Record<ProviderName, ProviderConfig>,
  redisUrl: string | undefined,
  cacheKeySecret: string | undefined,
): void {
  if (!redisUrl || cacheKeySecret) return;
  const perCaller = PROVIDER_NAMES.filter((name) => providers[name].credentials !== 'service');
  if (perCaller.length === 0) return;
  const variables = perCaller.map((p) => `${p.toUpperCase()}_CREDENTIALS=${providers[p].credentials}`).join(', ');
  throw new Error(
    `Invalid configuration: CACHE_KEY_SECRET must be set under NODE_ENV=production when REDIS_URL is set and a provider is called with tenants' or callers' credentials (${variables})`,
  );
}

/** An https URL, or an http one to this host only (127.0.0.1, ::1, localhost). */
function isHttpsOrLoopback(value: string): boolean {
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

/** Metrics are never served on the GraphQL port: a scrape needs no credentials. */
function metricsPortOf(metricsPort: number | 'off', port: number): number | 'off' {
  if (metricsPort !== 'off' && metricsPort !== 0 && metricsPort === port) {
    throw new Error('Invalid configuration: METRICS_PORT must differ from PORT (or be `off`)');
  }
  return metricsPort;
}

/**
 * The variables a configuration error may quote the value of (config-messages.ts's rule: numbers
 * and fixed words, never a credential, a path, free text or a URL beyond its scheme).
 */
export function echoedVariables(): string[] {
  const env = Object.keys(envSchema.shape).filter((name) => isEchoed(name, fieldOf(envSchema, name)));
  const perProvider = Object.keys(providerSchema.in.shape)
    .filter((name) => isEchoed(`<P>_${name}`, fieldOf(providerSchema, name)))
    .map((name) => `<P>_${name}`);
  return [...env, ...perProvider];
}

/** Providers that have no base URL of their own. */
export function providersWithoutBaseUrl(config: AppConfig): ProviderName[] {
  return PROVIDER_NAMES.filter((p) => !config.providers[p].baseUrl);
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  // Names the variable and what it must be; its value only where it cannot be a secret (config-messages.ts).
  const values = (input ?? {}) as Record<string, unknown>;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0];
    const value = typeof key === 'string' ? values[key] : undefined;
    return describeIssue(issue, `${prefix}${issue.path.join('.')}`, value, fieldOf(schema, key));
  });
  throw new Error(`Invalid configuration: ${[...new Set(problems)].join('; ')}`);
}
