/**
 * Where the fair-use state lives: the providers' asked waits (after a 429) and each tenant's
 * count of writes in the current window. In memory by default; in Redis (REDIS_URL) so that every
 * replica sees the same waits and shares. Keys are hashes (guarded-gateway.ts), never credentials.
 */
export interface FairUseStore {
  /** Until when (epoch ms) writes on `key` must wait; null when they need not. */
  waitUntil(key: string, now: number): Promise<number | null>;
  /** Writes on `key` wait until `until` (epoch ms). */
  setWait(key: string, until: number, now: number): Promise<void>;
  /** Counts one write against `key` in the current window of `windowMs`: the count so far, and when the window ends. */
  countWrite(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** Forgets every wait and count (a test's fresh start). */
  clear(): Promise<void>;
}

/** One process's state. Expired entries are swept as new ones come, so the maps stay small. */
export class MemoryFairUseStore implements FairUseStore {
  private readonly waits = new Map<string, number>();
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private writesSinceSweep = 0;

  waitUntil(key: string, now: number): Promise<number | null> {
    const until = this.waits.get(key);
    if (until === undefined || until <= now) return Promise.resolve(null);
    return Promise.resolve(until);
  }

  setWait(key: string, until: number, now: number): Promise<void> {
    this.sweep(now);
    this.waits.set(key, Math.max(until, this.waits.get(key) ?? 0));
    return Promise.resolve();
  }

  countWrite(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    this.sweep(now);
    const resetAt = windowEnd(now, windowMs);
    const window = this.windows.get(key);
    const current = window && window.resetAt === resetAt ? window : { count: 0, resetAt };
    current.count += 1;
    this.windows.set(key, current);
    return Promise.resolve({ ...current });
  }

  clear(): Promise<void> {
    this.waits.clear();
    this.windows.clear();
    return Promise.resolve();
  }

  private sweep(now: number): void {
    if (++this.writesSinceSweep < 1_000) return;
    this.writesSinceSweep = 0;
    for (const [key, until] of this.waits) if (until <= now) this.waits.delete(key);
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/** The few Redis commands the store uses (node-redis, as @keyv/redis connects it). */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
  incr(key: string): Promise<number>;
  pExpire(key: string, ms: number): Promise<unknown>;
}

/**
 * Shared by replicas. Redis trouble never fails a write: the replica then keeps to its own
 * memory (`fallback`) and says so in the log, once per outage.
 */
export class RedisFairUseStore implements FairUseStore {
  private warned = false;

  constructor(
    private readonly redis: RedisCommands,
    private readonly fallback: FairUseStore,
    private readonly onError: (error: unknown) => void,
    private readonly prefix = 'workspace-subgraph:fair-use:',
  ) {}

  async waitUntil(key: string, now: number): Promise<number | null> {
    try {
      const value = await this.redis.get(`${this.prefix}wait:${key}`);
      this.warned = false;
      const until = value === null ? NaN : Number(value);
      return Number.isFinite(until) && until > now ? until : null;
    } catch (error) {
      this.failed(error);
      return this.fallback.waitUntil(key, now);
    }
  }

  async setWait(key: string, until: number, now: number): Promise<void> {
    await this.fallback.setWait(key, until, now);
    try {
      await this.redis.set(`${this.prefix}wait:${key}`, String(until), { PX: Math.max(1, until - now) });
    } catch (error) {
      this.failed(error);
    }
  }

  async countWrite(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    const resetAt = windowEnd(now, windowMs);
    const redisKey = `${this.prefix}share:${key}:${resetAt}`;
    try {
      const count = await this.redis.incr(redisKey);
      if (count === 1) await this.redis.pExpire(redisKey, Math.max(1, resetAt - now) + 1_000);
      this.warned = false;
      return { count, resetAt };
    } catch (error) {
      this.failed(error);
      return this.fallback.countWrite(key, windowMs, now);
    }
  }

  /** This replica's fallback only: the shared keys expire on their own. */
  clear(): Promise<void> {
    return this.fallback.clear();
  }

  private failed(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.onError(error);
  }
}

/** Windows are aligned to multiples of their length, so replicas agree on them. */
function windowEnd(now: number, windowMs: number): number {
  return (Math.floor(now / windowMs) + 1) * windowMs;
}
