// Test data and a scripted transport, for unit and component tests only.
import type { ChatMessage, RoomEvent } from "../chat/timeline.ts";

export const ALICE = { id: "u-alice", username: "alice" };
export const BOB = { id: "u-bob", username: "bob" };

let clock = Date.parse("2026-11-21T09:00:00Z");

/** A message as the API returns it; `seq` doubles as a readable id. */
export function message(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  clock += 60_000;
  return {
    id: `m${seq}`,
    seq,
    clientId: `c${seq}`,
    text: `message ${seq}`,
    createdAt: new Date(clock).toISOString(),
    editedAt: null,
    deletedAt: null,
    moderationStatus: "APPROVED",
    visibility: "VISIBLE",
    moderationReason: null,
    heldForReview: false,
    author: ALICE,
    ...overrides,
  };
}

export function added(seq: number, overrides: Partial<ChatMessage> = {}): RoomEvent {
  return { seq, kind: "MESSAGE_ADDED", message: message(seq, overrides) };
}
