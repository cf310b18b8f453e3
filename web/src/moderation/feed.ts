// The dashboard's live feed: what other moderators and the automatic moderator
// just did, in a sentence each.
import { STATUS_LABELS } from "./audit.ts";
import { type ModerationEvent, messageOwner } from "./queue.ts";

/** One event in the feed; its sentence is written when shown, once the room's name is known. */
export type FeedEntry = { id: string; event: ModerationEvent };

export const FEED_LENGTH = 25;

export function describeEvent(event: ModerationEvent, roomName: string | null): string {
  const { message } = event;
  const where = roomName ? ` in #${roomName}` : "";
  switch (event.kind) {
    case "FLAGGED":
      return message.moderationStatus === "REJECTED"
        ? `${messageOwner(message)}${where} was removed automatically`
        : `${messageOwner(message)}${where} was flagged`;
    case "REPORTED": {
      const count = message.reportCount ?? 1;
      return `${messageOwner(message)}${where} was reported (${count} ${count === 1 ? "report" : "reports"})`;
    }
    case "DECISION":
      return `${messageOwner(message)}${where} is now ${STATUS_LABELS[message.moderationStatus].toLowerCase()}`;
    case "QUEUED":
      return `${messageOwner(message)}${where} is waiting for review`;
  }
}

let counter = 0;

/** Adds an event on top, keeping the newest `FEED_LENGTH`. */
export function pushFeed(feed: readonly FeedEntry[], event: ModerationEvent): FeedEntry[] {
  counter += 1;
  return [{ id: `${event.message.id}-${event.at}-${counter}`, event }, ...feed].slice(0, FEED_LENGTH);
}
