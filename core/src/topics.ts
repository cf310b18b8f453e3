import type { RoomEventKind } from "./db.ts";
import type { MessageJson } from "./message-json.ts";

/**
 * The typed topic map shared by the API and the worker. Payloads are facts:
 * ids and sequence numbers. Redis is at-most-once, so Postgres stays the
 * source of truth: a subscriber that misses a fact reads the rows by seq.
 */
export type RoomEventFact = {
  roomId: string;
  seq: number;
  kind: RoomEventKind;
  messageId: string;
  /**
   * The message as this event left it, when the publisher has it at hand: every
   * replica would otherwise read it back from Postgres, once per event.
   */
  message?: MessageJson;
};

type ModerationFactBase = { roomId: string; messageId: string; at: string };

/**
 * Facts about messages, and about people: a sanction set or lifted (a
 * suspension has no room), an appeal made or decided. A live fact never names
 * a reporter; moderators read who reported from the message's reports.
 */
export type ModerationEventFact =
  | (ModerationFactBase & { kind: "FLAGGED" | "REPORTED" | "QUEUED" })
  | (ModerationFactBase & {
      kind: "DECISION";
      /** Who decided: a listener that needs no more than that reads nothing. */
      moderatorId: string;
      /** The audit row: what was decided, even when another decision on the message follows at once. */
      decisionId: string;
    })
  | { kind: "SANCTIONED" | "SANCTION_LIFTED"; roomId: string | null; sanctionId: string; at: string }
  | { kind: "APPEALED" | "APPEAL_DECIDED"; roomId: string | null; appealId: string; at: string };

/** A notice for one person was stored (notices.ts): their app shows it. */
export type PersonFact = { noticeId: string };

/** A room's own details changed (settings, members): its watchers read it again. */
export type RoomChangeFact = { roomId: string };

/**
 * Something about a room changed for one person: their read marker moved (on
 * any device), or they joined or left it. Their room list reads it again.
 */
export type RoomListFact = { roomId: string };

/** A room was created: everyone's room list shows it. */
export type DirectoryFact = { roomId: string };

/**
 * Someone came into a room, left it, or started or stopped typing there: each
 * replica serving the room reads the room's presence again from Redis (where it
 * lives, with expiry; never in Postgres).
 */
export type PresenceFact = { roomId: string };

/** A session ended (logout) or a user's sessions changed (a new role): replicas forget what they remembered. */
export type AccessChangeFact =
  | { sessionId: string }
  | {
      userId: string;
      /** Their sessions were ended (a suspension): sockets close with 4403 instead of "resubscribe". */
      signedOut?: true;
    };

/**
 * Every topic, with its key (when it has one) and its fact: the event bus takes
 * this map as its type, so a topic cannot be published or heard with another
 * payload. A topic's Redis channel is its name, then ":" and its key.
 */
export type TopicMap = {
  /** One topic per room: everything a viewer of that room must see. */
  room: [roomId: string, event: RoomEventFact];
  /** One topic per room for the room itself: its settings and member count. */
  "room-changes": [roomId: string, change: RoomChangeFact];
  /** Everything moderators watch: queue changes and decisions. */
  moderation: [event: ModerationEventFact];
  /** Sessions that every replica must look up afresh. */
  access: [change: AccessChangeFact];
  /** One topic per room: who is in it now and who is typing (see api/src/live/presence.ts). */
  presence: [roomId: string, fact: PresenceFact];
  /** One topic per person: what moderation did to them (see Notice). */
  person: [userId: string, fact: PersonFact];
  /** One topic per person: their room list changed (read markers, joins and leaves). */
  "room-list": [userId: string, fact: RoomListFact];
  /** New rooms, for every room list. */
  directory: [fact: DirectoryFact];
};

export type Topic = keyof TopicMap;
/** The key that picks one channel of a topic (a room id), or nothing. */
export type TopicKey<T extends Topic> = TopicMap[T] extends [infer Key, unknown] ? [key: Key] : [];
export type TopicFact<T extends Topic> = TopicMap[T] extends [...unknown[], infer Fact] ? Fact : never;

export function channelOf(topic: Topic, key?: string): string {
  return key === undefined ? topic : `${topic}:${key}`;
}
