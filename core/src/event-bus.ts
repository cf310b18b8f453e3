import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import { type GroupCommit, groupCommit } from "./group-commit.ts";
import { channelOf, type Topic, type TopicFact, type TopicKey, type TopicMap } from "./topics.ts";
import { inSpan, type Span, type Tracing } from "./tracing.ts";

type Listener<T> = (fact: T) => void;

/**
 * Typed publish/subscribe over Redis (via @graphql-yoga/redis-event-target),
 * shared by the API replicas and the worker: `publish("room", roomId, fact)`,
 * `listen("moderation", listener)`, each checked against TopicMap. Channel
 * names carry the deployment prefix so several deployments or test runs can
 * share one Redis.
 */
export class EventBus {
  private readonly target: ReturnType<typeof createRedisEventTarget>;
  /**
   * Publishes that arrive together go to Redis in one pipeline (a group commit):
   * one write instead of one per fact. One pipeline at a time, so facts reach
   * Redis in the order they were published.
   */
  private readonly publishes: GroupCommit<[channel: string, payload: string], void>;

  constructor(
    private readonly publishClient: Redis,
    /**
     * A dedicated connection: once subscribed it can issue no other commands. Null: this bus only
     * publishes. Readable so that tests can cut it; the product hears of it through onReconnect.
     */
    readonly subscribeClient: Redis | null,
    private readonly prefix: string,
    /** Traces of publishes made under a span (publishUnder); null: tracing is off. */
    private readonly tracing: Tracing | null = null,
  ) {
    // A publish-only bus (the worker) still needs a subscribe client for the target; it is never used.
    this.target = createRedisEventTarget({
      publishClient,
      subscribeClient: subscribeClient ? withoutUnansweredReplies(subscribeClient) : publishClient,
    });
    this.publishes = groupCommit(
      async (messages) => {
        // A lone fact (the usual case) is one plain command: an ioredis pipeline costs more than the PUBLISH.
        if (messages.length === 1) {
          const [channel, payload] = messages[0]!;
          await publishClient.publish(channel, payload);
          return [{ ok: true, value: undefined }];
        }
        const pipeline = publishClient.pipeline();
        for (const [channel, payload] of messages) pipeline.publish(channel, payload);
        const replies = (await pipeline.exec()) ?? [];
        return messages.map((_, index) => {
          const error = replies[index]?.[0];
          return error ? { ok: false, error } : { ok: true, value: undefined };
        });
      },
      { maxBatch: 500, maxInFlight: 1 },
    );
  }

  /** Whether Redis answers (for readiness probes). */
  async ping(): Promise<void> {
    await this.publishClient.ping();
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
    const subscriber = this.subscribeClient;
    if (!subscriber) throw new Error("This event bus publishes only");
    const listener = keyAndListener.at(-1) as Listener<TopicFact<T>>;
    const key = keyAndListener.length === 2 ? (keyAndListener[0] as string) : undefined;
    const channel = this.channel(topic, key);
    const callback = (event: Event) => listener((event as CustomEvent<TopicFact<T>>).detail);
    this.target.addEventListener(channel, callback);
    // Commands on one connection run in order: when PING answers, SUBSCRIBE has been applied.
    await subscriber.ping();
    return () => this.target.removeEventListener(channel, callback);
  }

  /**
   * Calls `listener` each time the subscribe connection is back after a loss:
   * facts published meanwhile are gone (pub/sub keeps nothing), so whoever holds
   * state derived from them looks again.
   */
  onReconnect(listener: () => void): void {
    this.subscribeClient?.on("ready", listener);
  }

  private channel(topic: Topic, key: string | undefined): string {
    return `${this.prefix}${channelOf(topic, key)}`;
  }
}

/**
 * The target sends SUBSCRIBE and UNSUBSCRIBE without waiting for their replies: when the
 * connection is closed meanwhile (a replica shutting down) their rejections would go unhandled
 * and end the process. Nothing needs those replies: listen() confirms a subscription with PING.
 */
function withoutUnansweredReplies(client: Redis): Redis {
  return new Proxy(client, {
    get(target, property) {
      if (property === "subscribe" || property === "unsubscribe")
        return (...channels: string[]) => target[property](...channels).catch(() => 0);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
