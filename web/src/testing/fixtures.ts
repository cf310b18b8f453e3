// Test data and a scripted transport, for unit and component tests only.
import type { ChatMessage, RoomEvent } from "../chat/timeline.ts";
import type { AuditDecision } from "../moderation/audit.ts";
import type { ModerationEvent, ReviewMessage } from "../moderation/queue.ts";

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
    preModerated: false,
    moderationDetails: null,
    author: ALICE,
    mentionedUserIds: [],
    replyTo: null,
    reactions: [],
    ...overrides,
  };
}

export function added(seq: number, overrides: Partial<ChatMessage> = {}): RoomEvent {
  return { seq, kind: "MESSAGE_ADDED", message: message(seq, overrides) };
}

/** A message as the moderation dashboard reads it (text, reasons, reports). */
export function reviewMessage(n: number, overrides: Partial<ReviewMessage> = {}): ReviewMessage {
  return {
    id: `m${n}`,
    seq: n,
    roomId: "r1",
    text: `message ${n}`,
    createdAt: new Date(Date.parse("2026-11-21T09:00:00Z") + n * 60_000).toISOString(),
    editedAt: null,
    deletedAt: null,
    moderatedAt: null,
    moderationStatus: "FLAGGED",
    moderationReason: "Flagged for review: hostile or abusive language.",
    heldForReview: false,
    reportCount: 0,
    reports: [],
    author: ALICE,
    moderationDetails: {
      reasons: ["hostile or abusive language"],
      evidence: ['"darn": profanity, mild'],
      categoryScores: [],
      modelVersion: null,
    },
    ...overrides,
  };
}

/** One audit-log row about `message`. */
export function decision(id: string, message: ReviewMessage, overrides: Partial<AuditDecision> = {}): AuditDecision {
  return {
    id,
    createdAt: "2026-11-21T10:00:00Z",
    fromStatus: "FLAGGED",
    toStatus: message.moderationStatus,
    reason: "",
    moderator: BOB,
    message,
    ...overrides,
  };
}

/** A live moderation event about `message`; a decision names its moderator and audit row in `overrides`. */
export function moderationEvent(
  kind: ModerationEvent["kind"],
  message: ReviewMessage,
  overrides: Partial<ModerationEvent> = {},
): ModerationEvent {
  return {
    kind,
    at: "2026-11-21T10:00:00Z",
    moderator: null,
    decision: null,
    message,
    sanction: null,
    appeal: null,
    ...overrides,
  };
}
