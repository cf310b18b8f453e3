import type { RedisClient } from "@chatmod/core/redis";
import { apiError, ErrorCode } from "./errors.ts";

export type RateRule = { name: string; limit: number; windowMs: number };

/**
 * Fixed-window counters in Redis, so every API replica shares one budget per
 * key. INCR and PEXPIRE NX run in one MULTI: a counter never outlives its window (one key, so
 * one slot on a Redis Cluster).
 */
export class RateLimiter {
  private readonly redis: RedisClient;
  private readonly prefix: string;

  constructor(redis: RedisClient, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** Counts one hit; throws RATE_LIMITED with the wait in milliseconds when over the limit. */
  async hit(rule: RateRule, key: string): Promise<void> {
    if (rule.limit === 0) return; // 0 turns the rule off
    const redisKey = `${this.prefix}rate:${rule.name}:${key}`;
    const results = await this.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, rule.windowMs, "NX")
      .pttl(redisKey)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? rule.windowMs);
    if (count > rule.limit) {
      const retryAfterMs = Math.max(ttl, 1);
      throw apiError(ErrorCode.RATE_LIMITED, `Too many attempts; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, {
        retryAfterMs,
      });
    }
  }
}
