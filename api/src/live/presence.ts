import { randomUUID } from "node:crypto";
import type { EventBus } from "@chatmod/core/event-bus";
import { groupByKey, type RedisClient } from "@chatmod/core/redis";
import type { ChainableCommander } from "ioredis";
import type { Logger } from "pino";

export type PresenceSettings = {
  /** How long an entry counts without a heartbeat: a replica that dies stops counting after this. */
  ttlMs: number;
  /** How often a replica renews the entries of its own subscribers (well under ttlMs). */
  heartbeatMs: number;
  /** How long "typing" lasts without a new signal. */
  typingTtlMs: number;
  /** At most one typing signal per person and room is written in this time; the others are absorbed. */
  typingThrottleMs: number;
};

/** Who is in a room and who is typing there, as user ids (each once), and when the next entry expires. */
export type PresenceReading = { online: string[]; typing: string[]; nextExpiryAt: number | null };

/**
 * Presence and typing, ephemeral and shared by every replica: two Redis sorted
 * sets per room, scored by expiry (ms). Presence is keyed by connection
 * (`userId:connectionId`): one person with two tabs, on two replicas, is two
 * entries and one person online. The replica holding a connection renews its
 * entry by heartbeat and removes it when the subscription ends; a replica that
 * dies stops renewing, and readers ignore (and sweep) expired scores. Typing is
 * keyed by user. Every change that others must see is published as a fact on
 * the room's presence topic; nothing here touches Postgres. A room's keys share
 * one hash tag (its id), so a MULTI on them stays in one Redis Cluster slot.
 */
export class Presence {
  /** This replica's connections in rooms: entry -> room id. */
  private readonly local = new Map<string, string>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Stops of typing not yet written (room id -> user ids), and the write that takes them. */
  private readonly stopping = new Map<string, Set<string>>();
  private stopped: Promise<void> | null = null;

  private readonly redis: RedisClient;
  private readonly events: EventBus;
  private readonly prefix: string;
  readonly settings: PresenceSettings;
  private readonly log: Logger;

  constructor(redis: RedisClient, events: EventBus, prefix: string, settings: PresenceSettings, log: Logger) {
    this.redis = redis;
    this.events = events;
    this.prefix = prefix;
    this.settings = settings;
    this.log = log;
  }

  /** Counts one connection in the room until the function it resolves to is called. */
  async enter(roomId: string, userId: string): Promise<() => Promise<void>> {
    const entry = `${userId}:${randomUUID()}`;
    this.local.set(entry, roomId);
    this.heartbeat ??= setInterval(() => void this.renew(), this.settings.heartbeatMs).unref();
    const key = this.onlineKey(roomId);
    await keepFor(
      this.redis.multi().zadd(key, this.expiry(this.settings.ttlMs), entry),
      key,
      this.settings.ttlMs,
    ).exec();
    this.announce(roomId);
    return async () => {
      if (!this.local.delete(entry)) return;
      if (this.local.size === 0) this.stopHeartbeat();
      // A replica shutting down may have lost Redis already: the entry then expires by itself.
      await this.redis.zrem(key, entry).catch(() => 0);
      this.announce(roomId);
    };
  }

  /**
   * Marks the person as typing. Throttled: within typingThrottleMs of the last
   * written signal nothing is written and `check` is not called (answers false);
   * otherwise `check` (the access check) runs first, and a refusal throws.
   */
  async startTyping(roomId: string, userId: string, check: () => Promise<unknown>): Promise<boolean> {
    const throttle = this.throttleKey(roomId, userId);
    const first = await this.redis.set(throttle, "1", "PX", this.settings.typingThrottleMs, "NX");
    if (first === null) return false;
    try {
      await check();
    } catch (error) {
      await this.redis.del(throttle).catch(() => 0);
      throw error;
    }
    const key = this.typingKey(roomId);
    const replies = await keepFor(
      this.redis.multi().zadd(key, this.expiry(this.settings.typingTtlMs), userId),
      key,
      this.settings.typingTtlMs,
    ).exec();
    // Only a new typist changes what people see; a renewal only pushes the expiry back.
    if (Number(replies?.[0]?.[1] ?? 0) > 0) this.announce(roomId);
    return true;
  }

  /**
   * The person stopped typing (they stopped, or sent their message: the send path
   * calls this, so it costs no Postgres, and the stops of one event-loop turn share
   * one Redis round trip). The throttle is reset, so their next keystroke shows at once.
   */
  stopTyping(roomId: string, userId: string): Promise<void> {
    const users = this.stopping.get(roomId) ?? new Set<string>();
    users.add(userId);
    this.stopping.set(roomId, users);
    this.stopped ??= new Promise((resolve) => setImmediate(resolve)).then(() => this.flushStops());
    return this.stopped;
  }

  /** The stops of one event-loop turn, however many sends made them: one round trip (one MULTI per slot on a cluster). */
  private async flushStops(): Promise<void> {
    const rooms = [...this.stopping];
    this.stopping.clear();
    this.stopped = null;
    const groups = groupByKey(this.redis, rooms, ([roomId]) => this.typingKey(roomId), "slot");
    await Promise.all(
      groups.map(async (group) => {
        const transaction = this.redis.multi();
        for (const [roomId, users] of group)
          transaction
            .zrem(this.typingKey(roomId), ...users)
            .del(...[...users].map((userId) => this.throttleKey(roomId, userId)));
        const replies = await transaction.exec();
        for (const [index, [roomId]] of group.entries())
          if (Number(replies?.[index * 2]?.[1] ?? 0) > 0) this.announce(roomId);
      }),
    );
  }

  /** Who is in the room and typing now; expired entries are swept on the way. */
  async read(roomId: string): Promise<PresenceReading> {
    const now = Date.now();
    const online = this.onlineKey(roomId);
    const typing = this.typingKey(roomId);
    const replies = await this.redis
      .multi()
      .zremrangebyscore(online, "-inf", now)
      .zrange(online, 0, -1, "WITHSCORES")
      .zremrangebyscore(typing, "-inf", now)
      .zrange(typing, 0, -1, "WITHSCORES")
      .exec();
    const onlineEntries = pairs(replies?.[1]?.[1]);
    const typingEntries = pairs(replies?.[3]?.[1]);
    const scores = [...onlineEntries, ...typingEntries].map(([, score]) => score);
    return {
      online: [...new Set(onlineEntries.map(([entry]) => entry.slice(0, entry.indexOf(":"))))],
      typing: typingEntries.map(([userId]) => userId),
      nextExpiryAt: scores.length > 0 ? Math.min(...scores) : null,
    };
  }

  /** Stops renewing (shutdown): the entries still in Redis expire by themselves. */
  close(): void {
    this.local.clear();
    this.stopHeartbeat();
  }

  /**
   * Renews every entry of this replica in one round trip (one pipeline per node on a cluster); an
   * entry swept meanwhile (Redis was away) comes back.
   */
  private async renew(): Promise<void> {
    const groups = groupByKey(this.redis, [...this.local.entries()], ([, roomId]) => this.onlineKey(roomId), "node");
    await Promise.all(groups.map((rooms) => this.renewGroup(rooms)));
  }

  private async renewGroup(rooms: [entry: string, roomId: string][]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [entry, roomId] of rooms) {
      const key = this.onlineKey(roomId);
      keepFor(pipeline.zadd(key, this.expiry(this.settings.ttlMs), entry), key, this.settings.ttlMs);
    }
    try {
      const replies = (await pipeline.exec()) ?? [];
      const returned = new Set(rooms.filter((_, index) => Number(replies[index * 3]?.[1] ?? 0) > 0).map(([, r]) => r));
      for (const roomId of returned) this.announce(roomId);
    } catch (error) {
      this.log.warn({ err: error }, "could not renew presence");
    }
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** Redis only wakes people up: a lost fact is made good by the next one, or by the readers' expiry timer. */
  private announce(roomId: string): void {
    this.events.publish("presence", roomId, { roomId }).catch((error: unknown) => {
      this.log.warn({ err: error, roomId }, "could not publish a presence change");
    });
  }

  private expiry(ttlMs: number): number {
    return Date.now() + ttlMs;
  }

  private onlineKey(roomId: string): string {
    return `${this.prefix}presence:{${roomId}}`;
  }

  private typingKey(roomId: string): string {
    return `${this.prefix}typing:{${roomId}}`;
  }

  private throttleKey(roomId: string, userId: string): string {
    return `${this.prefix}typing-throttle:{${roomId}}:${userId}`;
  }
}

/**
 * Keeps a room's set at least `ttlMs` longer (so an empty room's set goes away), never
 * shorter: the set holds other connections' entries too, which may live longer. NX sets
 * the first expiry (GT alone never would: no expiry counts as infinite), GT pushes it back.
 */
function keepFor<Commands extends ChainableCommander>(commands: Commands, key: string, ttlMs: number): Commands {
  commands.pexpire(key, ttlMs, "NX").pexpire(key, ttlMs, "GT");
  return commands;
}

/** ZRANGE … WITHSCORES answers a flat list: member, score, member, score. */
function pairs(reply: unknown): [member: string, score: number][] {
  const flat = Array.isArray(reply) ? (reply as string[]) : [];
  const result: [string, number][] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) result.push([flat[index]!, Number(flat[index + 1])]);
  return result;
}
