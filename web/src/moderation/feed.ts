// The dashboard's live feed: what other moderators and the automatic moderator
// just did, in a sentence each.
import type { ModerationStatus } from "../gql/graphql.ts";
import { STATUS_LABELS } from "./audit.ts";
import { type ModerationEvent, messageOwner } from "./queue.ts";

/** One event in the feed; its sentence is written when shown, once the room's name is known. */
export type FeedEntry = { id: string; event: ModerationEvent };

export const FEED_LENGTH = 25;

/**
 * The event in a sentence. A decision names who made it ("You" for the viewer:
 * two moderators on one queue tell their own decisions from the other's).
 */
export function describeEvent(event: ModerationEvent, roomName: string | null, viewerId: string | null = null): string {
  const { message } = event;
  const owner = `${messageOwner(message)}${roomName ? ` in #${roomName}` : ""}`;
  switch (event.kind) {
    case "FLAGGED":
      return message.moderationStatus === "REJECTED" ? `${owner} was removed automatically` : `${owner} was flagged`;
    case "REPORTED": {
      const count = message.reportCount ?? 1;
      return `${owner} was reported (${count} ${count === 1 ? "report" : "reports"})`;
    }
    case "DECISION": {
      const { decision, moderator } = event;
      // Without its audit row (an older server), all that is known is where the message stands.
      if (!decision) return `${owner} is now ${STATUS_LABELS[message.moderationStatus].toLowerCase()}`;
      const who = !moderator ? "A moderator" : moderator.id === viewerId ? "You" : moderator.username;
      const verb = decisionVerb(decision);
      return verb
        ? `${who} ${verb} ${owner}`
        : `${who} set ${owner} to ${STATUS_LABELS[decision.toStatus].toLowerCase()}`;
    }
    case "QUEUED":
      return `${owner} is waiting for review`;
    default:
      // Events about people carry no message and never reach the feed's message sentences.
      return `${owner}: ${event.kind.toLowerCase().replaceAll("_", " ")}`;
  }
}

/** What a decision did, as a verb (restoring is approving what was rejected); null for other statuses. */
function decisionVerb(decision: { fromStatus: ModerationStatus; toStatus: ModerationStatus }): string | null {
  if (decision.toStatus === "APPROVED") return decision.fromStatus === "REJECTED" ? "restored" : "approved";
  return decision.toStatus === "REJECTED" ? "rejected" : null;
}

/** Why, as the moderator wrote it for the audit log; null when they gave no reason. */
export function decisionReason(event: ModerationEvent): string | null {
  return event.decision?.reason.trim() || null;
}

let counter = 0;

/** Adds an event on top, keeping the newest `FEED_LENGTH`. */
export function pushFeed(feed: readonly FeedEntry[], event: ModerationEvent): FeedEntry[] {
  counter += 1;
  return [{ id: `${event.message.id}-${event.at}-${counter}`, event }, ...feed].slice(0, FEED_LENGTH);
}
