import { type MessageWithAuthor, messageToJson } from "@chatmod/core/message-json";
import type { ModerationEventFact, RoomEventFact } from "@chatmod/core/topics";
import type { Context } from "../context.ts";

/**
 * Wakes up subscribers after a commit. Redis only wakes people up: if it is
 * down they catch up from Postgres, so a failure is logged, never thrown at a
 * caller whose change is already committed.
 */
export function announceRoomEvent(
  context: Context,
  fact: Omit<RoomEventFact, "message">,
  /** The message as the event left it (read in the same transaction), so replicas need not read it again. */
  message?: MessageWithAuthor,
): void {
  const published = message ? { ...fact, message: messageToJson(message) } : fact;
  context.events.publishUnder(context.span, "room", fact.roomId, published).catch((error: unknown) => {
    context.log.warn({ err: error, fact }, "could not publish a room event");
  });
}

/** Tells a room's watchers that its settings or members changed. */
export function announceRoomChange(context: Context, roomId: string): void {
  context.events.publish("room-changes", roomId, { roomId }).catch((error: unknown) => {
    context.log.warn({ err: error, roomId }, "could not publish a room change");
  });
}

/** Tells a person's devices that a room of their list changed for them (read, joined, left). */
export function announceRoomListChange(context: Context, userId: string, roomId: string): void {
  context.events.publish("room-list", userId, { roomId }).catch((error: unknown) => {
    context.log.warn({ err: error, roomId }, "could not publish a room list change");
  });
}

/** Tells every room list that a room was created. */
export function announceNewRoom(context: Context, roomId: string): void {
  context.events.publish("directory", { roomId }).catch((error: unknown) => {
    context.log.warn({ err: error, roomId }, "could not publish a new room");
  });
}

/** A moderation fact as announced; distributes over the union, so a DECISION keeps its ids. */
type Unstamped<Fact> = Fact extends ModerationEventFact ? Omit<Fact, "at"> : never;

/** Tells moderators; `at` is now. */
export function announceModerationEvent(context: Context, fact: Unstamped<ModerationEventFact>): void {
  const stamped: ModerationEventFact = { ...fact, at: new Date().toISOString() };
  context.events.publishUnder(context.span, "moderation", stamped).catch((error: unknown) => {
    context.log.warn({ err: error, fact }, "could not publish a moderation event");
  });
}
