/// <reference path="./cluster-key-slot.d.ts" />
import calculateSlot from "cluster-key-slot";
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import type { RedisClusterSettings } from "./env.ts";

/** A connection to the single Redis or to a Redis Cluster: callers issue the same commands to either. */
export type RedisClient = Redis | Cluster;

/** Where Redis is (core/src/env.ts): REDIS_CLUSTER_NODES when set, else REDIS_URL. */
export type RedisSettings = { REDIS_URL: string; REDIS_CLUSTER_NODES: RedisClusterSettings | null };

export type ConnectionOptions = {
  /** null: commands wait out an outage (BullMQ's workers, subscribers); a number: they fail after that many reconnects. */
  maxRetriesPerRequest?: number | null;
  /**
   * A subscriber: on a cluster, one connection per shard holding the channels of its slots
   * (sharded pub/sub), moved by ioredis when slots move or a replica takes over.
   */
  subscriber?: boolean;
  /** One attempt within this time, made by connect(), and no reconnecting (the startup check). */
  probeTimeoutMs?: number;
};

/**
 * One factory for every Redis connection (API and worker), so all of them fail
 * the same way (the key prefix is applied by each user: event bus, rate
 * limiter, queue). Pub/sub needs its own connection (a subscribed connection
 * can issue no other commands), and so do BullMQ's queue and workers. With
 * REDIS_CLUSTER_NODES set it is an ioredis Cluster, which routes each command
 * by its key's slot and follows failovers.
 */
export function createRedis(settings: RedisSettings, options: ConnectionOptions = {}): RedisClient {
  const probe = options.probeTimeoutMs !== undefined;
  const common: RedisOptions = {
    // Commands fail fast instead of queueing forever while Redis is away.
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 2 : options.maxRetriesPerRequest,
    ...(probe ? { connectTimeout: options.probeTimeoutMs, maxRetriesPerRequest: 0 } : {}),
  };
  const cluster = settings.REDIS_CLUSTER_NODES;
  if (!cluster)
    return new Redis(settings.REDIS_URL, {
      ...common,
      enableOfflineQueue: true,
      lazyConnect: probe,
      ...(probe ? { retryStrategy: () => null } : {}),
    });
  const clusterOptions: ClusterOptions = {
    enableOfflineQueue: true,
    lazyConnect: probe,
    shardedSubscribers: options.subscriber ?? false,
    // A replica promoted in a failover owns its slots once the cluster agrees: ioredis asks again this often.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    redisOptions: {
      ...common,
      username: cluster.username,
      password: cluster.password,
      ...(cluster.tls ? { tls: {} } : {}),
    },
    ...(probe ? { clusterRetryStrategy: () => null } : {}),
  };
  return new Cluster(cluster.nodes, clusterOptions);
}

/** Where Redis was looked for, for an error message: the variable and its value (passwords hidden). */
export function describeRedis(settings: RedisSettings, redact: (url: string) => string): string {
  const cluster = settings.REDIS_CLUSTER_NODES;
  if (!cluster) return `Redis at REDIS_URL=${redact(settings.REDIS_URL)}`;
  return `Redis Cluster at REDIS_CLUSTER_NODES=${cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(",")}`;
}

/**
 * Splits work over keys into what one MULTI or pipeline may carry. The single Redis takes it all at
 * once. On a cluster a MULTI's keys must share one hash slot ("slot"), and a pipeline's must be
 * served by one node ("node"); anything else fails with CROSSSLOT, or in ioredis before sending.
 */
export function groupByKey<T>(client: RedisClient, items: T[], keyOf: (item: T) => string, by: "slot" | "node"): T[][] {
  if (!client.isCluster || items.length <= 1) return items.length === 0 ? [] : [items];
  const slots = (client as Cluster).slots;
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const slot = calculateSlot(keyOf(item));
    // Slots not known yet (still connecting) group by slot: always valid, if not always the fewest.
    const group = by === "node" && slots[slot] ? slots[slot].join(";") : `${slot}`;
    const members = groups.get(group);
    if (members) members.push(item);
    else groups.set(group, [item]);
  }
  return [...groups.values()];
}
