import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis, { Keyv } from '@keyv/redis';
import { MemoryFairUseStore, RedisFairUseStore, type FairUseStore, type RedisCommands } from '../../limits';
import type { Logger } from '../logging/logger';

export interface SharedCache {
  /** For Apollo Server (automatic persisted queries) and the providers' GET responses. */
  cache: KeyValueCache<string>;
  /** The providers' waits and the tenants' shares, seen alike by every replica. */
  fairUseStore: FairUseStore;
  close(): Promise<void>;
}

/**
 * With REDIS_URL, replicas share one cache in Redis: automatic persisted queries, and provider
 * GET responses for a short TTL. Redis trouble is logged and costs only cache hits: reads and
 * writes then go to the providers (the adapter answers "not cached" instead of throwing).
 */
export async function connectSharedCache(redisUrl: string, logger: Logger): Promise<SharedCache> {
  const store = new KeyvRedis(redisUrl, { throwOnConnectError: true, throwOnErrors: false, connectionTimeout: 5_000 });
  const keyv = new Keyv<string>({ store, namespace: 'workspace-subgraph', useKeyPrefix: false });
  // An EventEmitter 'error' without a listener would crash the process.
  keyv.on('error', (error: unknown) => logger.warn({ err: error }, 'Redis cache error: serving without the cache'));
  // node-redis's client (a single server, a cluster or a sentinel) has these commands under these names.
  const client: RedisCommands = await store.getClient();
  logger.info({ redis: redactUrl(redisUrl) }, 'Shared cache: Redis');
  return {
    cache: new KeyvAdapter(keyv),
    fairUseStore: new RedisFairUseStore(client, new MemoryFairUseStore(), (error) =>
      logger.warn({ err: error }, 'Redis fair-use state unavailable: this replica keeps its own until it is back'),
    ),
    close: () => keyv.disconnect(),
  };
}

/** redis://user:password@host:port -> redis://host:port, for the logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '[invalid url]';
  }
}
