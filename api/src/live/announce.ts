import type { Context } from "../context.ts";
import type { ModerationEventFact, RoomEventFact } from "../events.ts";

/**
 * Wakes up subscribers after a commit. Redis only wakes people up: if it is
 * down they catch up from Postgres, so a failure is logged, never thrown at a
 * caller whose change is already committed.
 */
export function announceRoomEvent(context: Context, fact: RoomEventFact): void {
  context.events.publishRoomEvent(fact).catch((error: unknown) => {
    context.log.warn({ err: error, fact }, "could not publish a room event");
  });
}

/** Tells moderators; `at` is now. */
export function announceModerationEvent(context: Context, fact: Omit<ModerationEventFact, "at">): void {
  context.events.publishModerationEvent({ ...fact, at: new Date().toISOString() }).catch((error: unknown) => {
    context.log.warn({ err: error, fact }, "could not publish a moderation event");
  });
}
