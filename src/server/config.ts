import { z } from 'zod';
import { PROVIDER_NAMES, type ProviderName } from '../domain/provider';

/** One provider's configuration; a provider without a base URL is served by the emulator or not at all. */
export interface ProviderConfig {
  baseUrl: string | undefined;
  token: string | undefined;
}

export interface AppConfig {
  port: number;
  host: string;
  production: boolean;
  /** Serve providers without a base URL from the embedded emulator. */
  emulator: boolean;
  providers: Record<ProviderName, ProviderConfig>;
  /** Deadline of one upstream call. */
  upstreamTimeoutMs: number;
  /** Concurrent upstream GETs per provider within one GraphQL request. */
  readConcurrency: number;
  logLevel: string;
}

const optional = z.string().trim().min(1).optional().catch(undefined);
const url = z
  .url({ protocol: /^https?$/ })
  .optional()
  .or(z.literal('').transform(() => undefined));

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  HOST: z.string().default('0.0.0.0'),
  WORKSPACE_EMULATOR: z.enum(['on', 'off']).optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  READ_CONCURRENCY: z.coerce.number().int().positive().default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const providerSchema = z
  .object({ BASE_URL: url, API_TOKEN: optional })
  .transform((v): ProviderConfig => ({ baseUrl: v.BASE_URL, token: v.API_TOKEN }));

/** Reads the environment (see the README's configuration table); throws a readable error on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const values = parseOrThrow(envSchema, env, '');
  const production = values.NODE_ENV === 'production';
  return {
    port: values.PORT,
    host: values.HOST,
    production,
    emulator: (values.WORKSPACE_EMULATOR ?? (production ? 'off' : 'on')) === 'on',
    providers: Object.fromEntries(
      PROVIDER_NAMES.map((p) => {
        const prefix = p.toUpperCase();
        const raw = { BASE_URL: env[`${prefix}_BASE_URL`], API_TOKEN: env[`${prefix}_API_TOKEN`] };
        return [p, parseOrThrow(providerSchema, raw, `${prefix}_`)];
      }),
    ) as Record<ProviderName, ProviderConfig>,
    upstreamTimeoutMs: values.UPSTREAM_TIMEOUT_MS,
    readConcurrency: values.READ_CONCURRENCY,
    logLevel: values.LOG_LEVEL,
  };
}

/** Providers that have no base URL of their own. */
export function providersWithoutBaseUrl(config: AppConfig): ProviderName[] {
  return PROVIDER_NAMES.filter((p) => !config.providers[p].baseUrl);
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  // Name the variable, never echo its value (it may be a token).
  const problems = parsed.error.issues.map((issue) => `${prefix}${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration: ${problems.join('; ')}`);
}
