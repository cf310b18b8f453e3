// A room's messages as this client knows them, kept by plain functions so the
// ordering rules can be tested without a server. Two sequences are involved:
// every room event has a `seq` (1, 2, 3… with no holes), and a message's `seq`
// is the seq of the event that added it, so messages sort by it (with holes
// where edits, deletions and moderation decisions took a number).
import type {
  AppealStateFragment,
  ChatMessageFragment,
  RoomEventKind,
  ViewerAppealFragment,
  ViewerReactionsFragment,
  ViewerReportFragment,
} from "../gql/graphql.ts";

/**
 * A message as the room holds it. What concerns the viewer alone (whether they
 * reported it, their appeal against its removal) comes with history pages and
 * the answers to their own actions only: live events leave it out.
 */
export type ChatMessage = ChatMessageFragment &
  Partial<ViewerReportFragment> &
  Partial<ViewerAppealFragment> &
  Partial<ViewerReactionsFragment>;
export type AppealState = AppealStateFragment;
export type RoomEvent = { seq: number; kind: RoomEventKind; message: ChatMessage };

export type Timeline = {
  /** Sorted by seq, one entry per message id. */
  readonly messages: readonly ChatMessage[];
  /** The last room event applied: the subscription resumes after it. */
  readonly lastSeq: number;
};

export type EventOutcome =
  /** The event is the next one: applied. */
  | "applied"
  /** Already seen (a replay after a resume overlaps what we had): ignored. */
  | "duplicate"
  /** Events are missing before it: ignored; resubscribe from `lastSeq`. */
  | "gap";

export const emptyTimeline = (lastSeq = 0): Timeline => ({ messages: [], lastSeq });

export function classifyEvent(lastSeq: number, seq: number): EventOutcome {
  if (seq <= lastSeq) return "duplicate";
  return seq === lastSeq + 1 ? "applied" : "gap";
}

/** Applies one room event: the event carries the message as it is now, so it replaces ours. */
export function applyEvent(timeline: Timeline, event: RoomEvent): { timeline: Timeline; outcome: EventOutcome } {
  const outcome = classifyEvent(timeline.lastSeq, event.seq);
  if (outcome !== "applied") return { timeline, outcome };
  const messages = refreshQuotes(upsertMessage(timeline.messages, event.message), event.message);
  return { timeline: { messages, lastSeq: event.seq }, outcome };
}

/** How much of an original a quote shows: as the API's ReplyPreview.excerpt. */
const QUOTE_CHARS = 140;

/**
 * The replies to `original` quote it as it is now: an edit changes their excerpt, and once it is
 * deleted, removed or masked by moderation they show no more of its text (the API answers the same
 * on the next read). Replies loaded before the change would otherwise go on quoting it.
 */
export function refreshQuotes(messages: ChatMessage[], original: ChatMessage): ChatMessage[] {
  if (!messages.some((message) => message.replyTo?.id === original.id)) return messages;
  const silenced =
    original.deletedAt !== null ||
    original.text === null ||
    original.visibility !== "VISIBLE" ||
    original.moderationStatus === "REJECTED" ||
    original.moderationStatus === "FLAGGED" ||
    original.heldForReview;
  const visibility =
    original.visibility === "VISIBLE" && silenced && !original.deletedAt ? "MASKED" : original.visibility;
  return messages.map((message) => {
    if (message.replyTo?.id !== original.id) return message;
    const excerpt = silenced || original.text === null ? null : quoteOf(original.text);
    return { ...message, replyTo: { ...message.replyTo, deleted: original.deletedAt !== null, visibility, excerpt } };
  });
}

function quoteOf(text: string): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= QUOTE_CHARS
    ? chars.join("")
    : `${chars
        .slice(0, QUOTE_CHARS - 1)
        .join("")
        .trimEnd()}…`;
}

/**
 * Puts one message in place (by id), keeping the list sorted by seq. Used for
 * events and for mutation answers (which may arrive before or after their event).
 */
export function upsertMessage(messages: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = messages.findIndex((each) => each.id === message.id);
  if (index >= 0) return messages.map((each, i) => (i === index ? withViewerFields(message, each) : each));
  const next = [...messages];
  let at = next.length;
  // New messages almost always belong at the end: search from there.
  while (at > 0 && (next[at - 1] as ChatMessage).seq > message.seq) at -= 1;
  next.splice(at, 0, message);
  return next;
}

/**
 * Adds a page of history. What we already hold came from events (newer than
 * any page), so it wins over the page's copy of the same message, except for
 * what only the page knows: whether the viewer reported or appealed it.
 */
export function mergeHistory(timeline: Timeline, page: readonly ChatMessage[]): Timeline {
  const fromPage = new Map(page.map((message) => [message.id, message]));
  const kept = timeline.messages.map((message) => {
    const older = fromPage.get(message.id);
    fromPage.delete(message.id);
    return older ? withViewerFields(message, older) : message;
  });
  if (fromPage.size === 0 && kept.every((message, i) => message === timeline.messages[i])) return timeline;
  const messages = [...kept, ...fromPage.values()].sort((a, b) => a.seq - b.seq);
  return { messages, lastSeq: timeline.lastSeq };
}

/** `message`, with `previous`'s viewer-only fields where it does not carry its own (a live event's copy). */
function withViewerFields(message: ChatMessage, previous: ChatMessage): ChatMessage {
  const report = message.viewerHasReported === undefined && previous.viewerHasReported !== undefined;
  const appeal = message.appeal === undefined && previous.appeal !== undefined;
  const reactions = message.viewerReactions === undefined && previous.viewerReactions !== undefined;
  if (!report && !appeal && !reactions) return message;
  return {
    ...message,
    ...(report ? { viewerHasReported: previous.viewerHasReported } : {}),
    ...(appeal ? { appeal: previous.appeal } : {}),
    ...(reactions ? { viewerReactions: previous.viewerReactions } : {}),
  };
}

/** The timeline with one message's appeal as it stands now (decided, say); unchanged if the message is not there. */
export function withAppeal(timeline: Timeline, messageId: string, appeal: AppealState): Timeline {
  const index = timeline.messages.findIndex((each) => each.id === messageId);
  if (index < 0) return timeline;
  const messages = timeline.messages.map((each, i) => (i === index ? { ...each, appeal } : each));
  return { ...timeline, messages };
}

/** Messages that arrived after `previous` (by seq), e.g. to announce or count as unseen. */
export function messagesAfter<T extends ChatMessage>(messages: readonly T[], previousLastSeq: number): T[] {
  const result: T[] = [];
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i] as T;
    if (message.seq <= previousLastSeq) break;
    result.unshift(message);
  }
  return result;
}
