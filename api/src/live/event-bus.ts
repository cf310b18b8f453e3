import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import {
  type AccessChangeFact,
  type ModerationEventFact,
  type RoomChangeFact,
  type RoomEventFact,
  topicName,
} from "../events.ts";
import { type GroupCommit, groupCommit } from "../group-commit.ts";

type Listener<T> = (fact: T) => void;

/**
 * Typed publish/subscribe over Redis (via @graphql-yoga/redis-event-target),
 * shared by the API replicas and the worker. Channel names carry the deployment
 * prefix so several deployments or test runs can share one Redis.
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
    /** A dedicated connection: once subscribed it can issue no other commands. */
    readonly subscribeClient: Redis | null,
    private readonly prefix: string,
  ) {
    // A publish-only bus (the worker) still needs a subscribe client for the target; it is never used.
    this.target = createRedisEventTarget({ publishClient, subscribeClient: subscribeClient ?? publishClient });
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
  async publishRoomEvent(fact: RoomEventFact): Promise<void> {
    await this.publishes.submit([this.channel(topicName.room(fact.roomId)), JSON.stringify(fact)]);
  }

  async publishRoomChange(fact: RoomChangeFact): Promise<void> {
    await this.publishes.submit([this.channel(topicName.roomChanges(fact.roomId)), JSON.stringify(fact)]);
  }

  async publishModerationEvent(fact: ModerationEventFact): Promise<void> {
    await this.publishes.submit([this.channel(topicName.moderation()), JSON.stringify(fact)]);
  }

  async publishAccessChange(fact: AccessChangeFact): Promise<void> {
    await this.publishes.submit([this.channel(topicName.access()), JSON.stringify(fact)]);
  }

  /**
   * Listens to one room. Resolves once Redis has confirmed the subscription, so
   * anything published after that is guaranteed to reach the listener.
   */
  async onRoomEvent(roomId: string, listener: Listener<RoomEventFact>): Promise<() => void> {
    return this.listen(topicName.room(roomId), listener);
  }

  async onRoomChange(roomId: string, listener: Listener<RoomChangeFact>): Promise<() => void> {
    return this.listen(topicName.roomChanges(roomId), listener);
  }

  async onModerationEvent(listener: Listener<ModerationEventFact>): Promise<() => void> {
    return this.listen(topicName.moderation(), listener);
  }

  async onAccessChange(listener: Listener<AccessChangeFact>): Promise<() => void> {
    return this.listen(topicName.access(), listener);
  }

  private async listen<T>(topic: string, listener: Listener<T>): Promise<() => void> {
    const subscriber = this.subscribeClient;
    if (!subscriber) throw new Error("This event bus publishes only");
    const channel = this.channel(topic);
    const callback = (event: Event) => listener((event as CustomEvent<T>).detail);
    this.target.addEventListener(channel, callback);
    // Commands on one connection run in order: when PING answers, SUBSCRIBE has been applied.
    await subscriber.ping();
    return () => this.target.removeEventListener(channel, callback);
  }

  private channel(topic: string): string {
    return `${this.prefix}${topic}`;
  }
}
