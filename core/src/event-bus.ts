import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import { type GroupCommit, groupCommit } from "./group-commit.ts";
import { groupByKey, type RedisClient } from "./redis.ts";
import { channelOf, type Topic, type TopicFact, type TopicKey, type TopicMap } from "./topics.ts";
import { inSpan, type Span, type Tracing } from "./tracing.ts";

type Listener<T> = (fact: T) => void;

/** How long a cluster's shard subscribers must stay settled before a reconnect is reported (onReconnect). */
const SHARD_SUBSCRIBERS_SETTLE_MS = 500;

/**
 * Typed publish/subscribe over Redis (via @graphql-yoga/redis-event-target),
 * shared by the API replicas and the worker: `publish("room", roomId, fact)`,
 * `listen("moderation", listener)`, each checked against TopicMap. Channel
 * names carry the deployment prefix so several deployments or test runs can
 * share one Redis. On a Redis Cluster every channel is a shard channel
 * (SPUBLISH, SSUBSCRIBE): a fact goes to the one shard that owns its channel's
 * slot instead of being broadcast to every node, so room fan-out spreads over
 * the shards.
 */
export class EventBus {
  private readonly target: ReturnType<typeof createRedisEventTarget>;
  /**
   * Publishes that arrive together go to Redis in one pipeline (a group commit):
   * one write instead of one per fact. One pipeline at a time, so facts reach
   * Redis in the order they were published.
   */
  private readonly publishes: GroupCommit<[channel: string, payload: string], void>;

  /** The replies to SUBSCRIBE (SSUBSCRIBE) by channel: listen() resolves once its channel's has come. */
  private readonly subscribed = new Map<string, Promise<unknown>>();
  /** Who hears that the subscriptions are back (see onReconnect). */
  private readonly reconnectListeners: (() => void)[] = [];

  private readonly publishClient: RedisClient;
  /**
   * A dedicated connection: once subscribed it can issue no other commands (on a cluster: made
   * with createRedis's `subscriber`). Null: this bus only publishes. Readable so that tests can
   * cut it; the product hears of it through onReconnect.
   */
  readonly subscribeClient: RedisClient | null;
  private readonly prefix: string;
  /** Traces of publishes made under a span (publishUnder); null: tracing is off. */
  private readonly tracing: Tracing | null;

  constructor(
    publishClient: RedisClient,
    subscribeClient: RedisClient | null,
    prefix: string,
    tracing: Tracing | null = null,
  ) {
    this.publishClient = publishClient;
    this.subscribeClient = subscribeClient;
    this.prefix = prefix;
    this.tracing = tracing;
    // A publish-only bus (the worker) still needs a subscribe client for the target; it is never used.
    this.target = createRedisEventTarget({
      publishClient: publishClient as Redis,
      subscribeClient: subscribeClient ? this.subscriptions(subscribeClient) : (publishClient as Redis),
    });
    if (subscribeClient) this.watchReconnects(subscribeClient);
    const sharded = publishClient.isCluster;
    this.publishes = groupCommit(
      async (messages) => {
        // A lone fact (the usual case) is one plain command: an ioredis pipeline costs more than the PUBLISH.
        if (messages.length === 1) {
          const [channel, payload] = messages[0]!;
          await (sharded ? publishClient.spublish(channel, payload) : publishClient.publish(channel, payload));
          return [{ ok: true, value: undefined }];
        }
        // On a cluster one pipeline per node: ioredis sends none that spans nodes. A channel's facts stay in order.
        const indexed = messages.map((message, index) => ({ message, index }));
        const results: { ok: boolean; error?: unknown }[] = [];
        const groups = groupByKey(publishClient, indexed, ({ message }) => message[0], "node");
        await Promise.all(
          groups.map(async (group) => {
            const pipeline = publishClient.pipeline();
            for (const { message } of group)
              sharded ? pipeline.spublish(message[0], message[1]) : pipeline.publish(message[0], message[1]);
            const replies = await pipeline.exec().catch((error: unknown) => group.map(() => [error, null] as const));
            for (const [position, { index }] of group.entries()) {
              const error = replies?.[position]?.[0];
              results[index] = error ? { ok: false, error } : { ok: true };
            }
          }),
        );
        return results.map((result) =>
          result.ok ? { ok: true, value: undefined } : { ok: false, error: result.error },
        );
      },
      { maxBatch: 500, maxInFlight: 1 },
    );
  }

  /** Whether Redis answers (for readiness probes); a cluster must also cover every slot (no failover under way). */
  async ping(): Promise<void> {
    if (!this.publishClient.isCluster) {
      await this.publishClient.ping();
      return;
    }
    const info = await this.publishClient.cluster("INFO");
    if (!/^cluster_state:ok\r?$/m.test(info)) throw new Error("the Redis Cluster does not serve every slot");
  }

  /** Resolves once Redis has the fact; a failure is the caller's to handle (Postgres stays the truth). */
  publish<T extends Topic>(topic: T, ...keyAndFact: TopicMap[T]): Promise<void> {
    return this.publishUnder(undefined, topic, ...keyAndFact);
  }

  /** publish, traced as a "publish <topic>" span of the parent's trace (when tracing is on and there is one). */
  publishUnder<T extends Topic>(parent: Span | undefined, topic: T, ...keyAndFact: TopicMap[T]): Promise<void> {
    const [key, fact] = keyAndFact.length === 2 ? keyAndFact : [undefined, keyAndFact[0]];
    const channel = this.channel(topic, key);
    if (!parent || !this.tracing) return this.publishes.submit([channel, JSON.stringify(fact)]);
    const messageId = (fact as { messageId?: unknown }).messageId;
    const attributes = {
      "messaging.system": "redis",
      "messaging.operation.type": "send",
      "messaging.operation.name": "publish",
      "messaging.destination.name": channel,
      ...(topic === "room" && key ? { "chatmod.room.id": key } : {}),
      ...(typeof messageId === "string" ? { "chatmod.message.id": messageId } : {}),
    };
    return inSpan(this.tracing, parent, `publish ${topic}`, { kind: "producer", attributes }, () =>
      this.publishes.submit([channel, JSON.stringify(fact)]),
    );
  }

  /**
   * Listens to a topic (one room's, given its key). Resolves once Redis has
   * confirmed the subscription, so anything published after that reaches the
   * listener; the function it resolves to stops listening.
   */
  async listen<T extends Topic>(
    topic: T,
    ...keyAndListener: [...TopicKey<T>, Listener<TopicFact<T>>]
  ): Promise<() => void> {
    if (!this.subscribeClient) throw new Error("This event bus publishes only");
    const listener = keyAndListener.at(-1) as Listener<TopicFact<T>>;
    const key = keyAndListener.length === 2 ? (keyAndListener[0] as string) : undefined;
    const channel = this.channel(topic, key);
    const callback = (event: Event) => listener((event as CustomEvent<TopicFact<T>>).detail);
    this.target.addEventListener(channel, callback);
    // Rejects when the connection was closed under the SUBSCRIBE (a replica shutting down).
    await this.subscribed.get(channel);
    return () => this.target.removeEventListener(channel, callback);
  }

  /**
   * Calls `listener` each time the subscribe connection is back after a loss:
   * facts published meanwhile are gone (pub/sub keeps nothing), so whoever holds
   * state derived from them looks again.
   */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  private watchReconnects(client: RedisClient): void {
    const reconnected = () => {
      for (const listener of this.reconnectListeners) listener();
    };
    if (!client.isCluster) {
      client.on("ready", reconnected);
      return;
    }
    // A cluster stays "ready" while one shard fails over; its shard subscribers report on their own,
    // after every attempt: while a dead master's slots wait for a replica, every 50 to 250 ms. The
    // listeners (every subscriber reads Postgres again) hear once it has been quiet for a while.
    let settling: NodeJS.Timeout | undefined;
    client.on("subscribersReady", () => {
      clearTimeout(settling);
      settling = setTimeout(reconnected, SHARD_SUBSCRIBERS_SETTLE_MS).unref();
    });
    client.on("end", () => clearTimeout(settling));
  }

  /**
   * What the target is given to subscribe with. It sends SUBSCRIBE and UNSUBSCRIBE without waiting
   * for their replies: the reply is kept for listen() (so a rejection is never left unhandled when a
   * replica shutting down closes the connection). On a cluster its subscribe, unsubscribe and
   * "message" are the sharded ones: SSUBSCRIBE, SUNSUBSCRIBE and "smessage".
   */
  private subscriptions(client: RedisClient): Redis {
    const sharded = client.isCluster;
    const subscribe = (channel: string) => {
      // A cluster's SSUBSCRIBE fails when its shard is lost in a failover: ioredis keeps the channel
      // and subscribes again once a node serves its slot; facts before that are read from Postgres
      // by whoever hears onReconnect.
      const reply = sharded
        ? client.ssubscribe(channel).catch((error: unknown) => resubscribed(client, error))
        : client.subscribe(channel);
      reply.catch(() => 0);
      this.subscribed.set(channel, reply);
    };
    const unsubscribe = (channel: string) => {
      this.subscribed.delete(channel);
      void (sharded ? client.sunsubscribe(channel) : client.unsubscribe(channel)).catch(() => 0);
    };
    const on = (event: string, listener: (...args: unknown[]) => void) =>
      client.on(sharded && event === "message" ? "smessage" : event, listener);
    return { subscribe, unsubscribe, on } as unknown as Redis;
  }

  private channel(topic: Topic, key: string | undefined): string {
    return `${this.prefix}${channelOf(topic, key)}`;
  }
}

/** Resolves when a cluster's shard subscribers are back (after a failover); rejects if the client ends first. */
function resubscribed(cluster: RedisClient, cause: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => () => {
      cluster.off("subscribersReady", ready);
      cluster.off("end", ended);
      outcome();
    };
    const ready = settle(resolve);
    const ended = settle(() => reject(cause));
    cluster.once("subscribersReady", ready);
    cluster.once("end", ended);
  });
}
