import { Redis, type RedisOptions } from "ioredis";

/**
 * One factory for every Redis connection (API and worker), so all of them fail
 * the same way (the key prefix is applied by each user: event bus, rate
 * limiter, queue). Pub/sub needs its own connection (a subscribed connection
 * can issue no other commands), and so do BullMQ's queue and workers.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    // Commands fail fast instead of queueing forever while Redis is away.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    ...options,
  });
}
