// The dashboard's live feed: what other moderators and the automatic moderator
// just did, in a sentence each.
import type { ModerationStatus } from "../gql/graphql.ts";
import { STATUS_LABELS } from "./audit.ts";
import { type ModerationEvent, messageOwner } from "./queue.ts";

/**
 * One entry in the feed: an event, or every event of one bulk decision (`events`, in the decision's order;
 * `event` is the first). Its sentence is written when shown, once the rooms' names are known.
 */
export type FeedEntry = { id: string; event: ModerationEvent; events: readonly ModerationEvent[] };

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

/**
 * A bulk decision in a sentence: "You rejected 3 messages in #lobby" (or "in 2 rooms"). One event reads as
 * `describeEvent` has it.
 */
export function describeEntry(
  entry: FeedEntry,
  roomName: (roomId: string) => string | null,
  viewerId: string | null = null,
): string {
  const { event, events } = entry;
  const rooms = new Set(events.map(({ message }) => message.roomId));
  const [only] = rooms;
  if (events.length === 1 || !event.decision || !only)
    return describeEvent(event, roomName(event.message.roomId), viewerId);
  const name = rooms.size === 1 ? roomName(only) : null;
  const where = rooms.size > 1 ? ` in ${rooms.size} rooms` : name ? ` in #${name}` : "";
  const who = !event.moderator ? "A moderator" : event.moderator.id === viewerId ? "You" : event.moderator.username;
  const verb = decisionVerb(event.decision);
  const status = STATUS_LABELS[event.decision.toStatus].toLowerCase();
  return verb
    ? `${who} ${verb} ${events.length} messages${where}`
    : `${who} set ${events.length} messages${where} to ${status}`;
}

/**
 * Which decision an event belongs to. Its messages' audit rows are written in one transaction and share
 * `createdAt`; with the moderator and the new status that names one decision.
 */
export function decisionKey(event: ModerationEvent): string | null {
  const { decision, moderator } = event;
  if (event.kind !== "DECISION" || !decision || !moderator) return null;
  return `${moderator.id} ${decision.createdAt} ${decision.toStatus}`;
}

/** The audit log's order within one decision: ids descending follow the order its messages were given. */
const inDecisionOrder = (a: ModerationEvent, b: ModerationEvent) => {
  const [x, y] = [a.decision?.id ?? "", b.decision?.id ?? ""];
  return x === y ? 0 : x < y ? 1 : -1;
};

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

/**
 * Adds an event on top, keeping the newest `FEED_LENGTH`; an event of a decision already in the feed joins
 * its entry, where it is (a bulk decision is one entry, not one per message).
 */
export function pushFeed(feed: readonly FeedEntry[], event: ModerationEvent): FeedEntry[] {
  const key = decisionKey(event);
  const index = key === null ? -1 : feed.findIndex((entry) => decisionKey(entry.event) === key);
  const entry = feed[index];
  if (entry) {
    const others = entry.events.filter((each) => each.message.id !== event.message.id);
    const events = [...others, event].sort(inDecisionOrder);
    return feed.map((each, i) => (i === index ? { ...entry, event: events[0] ?? event, events } : each));
  }
  counter += 1;
  return [{ id: `${event.message.id}-${event.at}-${counter}`, event, events: [event] }, ...feed].slice(0, FEED_LENGTH);
}
