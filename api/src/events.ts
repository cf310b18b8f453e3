import type { RoomEventKind } from "./db.ts";

/**
 * The typed topic map shared by the API and the worker. Payloads are small
 * facts (ids and sequence numbers): Redis is at-most-once and JSON-only, so
 * Postgres stays the source of truth and subscribers load the rows.
 */
export type RoomEventFact = {
  roomId: string;
  seq: number;
  kind: RoomEventKind;
  messageId: string;
};

export type ModerationEventFact = {
  roomId: string;
  messageId: string;
  kind: "FLAGGED" | "DECISION" | "REPORTED" | "QUEUED";
  at: string;
};

export type TopicMap = {
  /** One topic per room: everything a viewer of that room must see. */
  room: [roomId: string, event: RoomEventFact];
  /** Everything moderators watch: queue changes and decisions. */
  moderation: [event: ModerationEventFact];
};

export const topicName = {
  room: (roomId: string) => `room:${roomId}`,
  moderation: () => "moderation",
} as const;
