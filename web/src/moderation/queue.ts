// The review queue as the dashboard holds it, kept by plain functions (no Vue) so
// the rules for live events can be tested without a server. The API lists a
// queue oldest first; events carry the message as it is now.
import type {
  ModerationCategory,
  ModerationEventKind,
  ModerationEventsSubscription,
  ReviewMessageFragment,
  ReviewStatus,
} from "../gql/graphql.ts";
import { categoryName, formatScore } from "./categories.ts";
import { reasonsInWords } from "./reasons.ts";

export type ReviewMessage = ReviewMessageFragment;
type AnyModerationEvent = ModerationEventsSubscription["moderationEvents"];
/** An event about a message (a flag, a report, a decision, a queued message): what the queue and the feed follow. */
export type ModerationEvent = AnyModerationEvent & { message: NonNullable<AnyModerationEvent["message"]> };
/** An event about a person: a sanction set or lifted, an appeal made or answered. */
export type PersonEvent = AnyModerationEvent & { message: AnyModerationEvent["message"] };

export function isMessageEvent(event: AnyModerationEvent): event is ModerationEvent {
  return event.message !== null;
}
export type QueueFilter = { status: ReviewStatus; roomId: string | null };

export const REVIEW_STATUSES: readonly { value: ReviewStatus; label: string; hint: string }[] = [
  { value: "FLAGGED", label: "Flagged", hint: "Flagged by the automatic moderator." },
  { value: "REPORTED", label: "Reported", hint: "Reported by members, not reviewed yet." },
  { value: "PENDING", label: "Pending", hint: "Waiting for a verdict, or held by pre-moderation." },
];

/**
 * Whether a message belongs in the queue after an event of `kind`, or null when
 * the event does not say (the message keeps its place, if it has one). Reports
 * are not visible on the message itself: a report puts it in the REPORTED queue
 * and a moderator's decision (which resolves its reports) takes it out.
 */
export function belongsInQueue(message: ReviewMessage, filter: QueueFilter, kind: ModerationEventKind): boolean | null {
  if (message.deletedAt) return false;
  if (filter.roomId && message.roomId !== filter.roomId) return false;
  if (filter.status !== "REPORTED") return message.moderationStatus === filter.status;
  if (kind === "REPORTED") return true;
  if (kind === "DECISION") return false;
  return null;
}

/** Oldest first, as the API orders the queue (ties by id). */
const byAge = (a: ReviewMessage, b: ReviewMessage) =>
  a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1;

/**
 * Applies one live event to a loaded queue. A message that joins the queue is
 * added in its place only when the whole queue is loaded (`complete`): otherwise
 * it lies beyond the loaded pages and "Load more" brings it.
 */
export function applyQueueEvent(
  items: readonly ReviewMessage[],
  event: { kind: ModerationEventKind; message: ReviewMessage },
  filter: QueueFilter,
  complete: boolean,
): ReviewMessage[] {
  const { message } = event;
  const index = items.findIndex((each) => each.id === message.id);
  const belongs = belongsInQueue(message, filter, event.kind) ?? index >= 0;
  if (!belongs) return index >= 0 ? items.filter((each) => each.id !== message.id) : [...items];
  if (index >= 0) return items.map((each, i) => (i === index ? message : each));
  if (!complete) return [...items];
  return [...items, message].sort(byAge);
}

/** Selected ids still in the list (a decision elsewhere can remove a selected message). */
export function keepSelected(selected: readonly string[], items: readonly { id: string }[]): string[] {
  const present = new Set(items.map((item) => item.id));
  const kept = selected.filter((id) => present.has(id));
  return kept.length === selected.length ? [...selected] : kept;
}

export function toggleSelected(selected: readonly string[], id: string, on: boolean): string[] {
  const without = selected.filter((each) => each !== id);
  return on ? [...without, id] : without;
}

/** Who wrote a message. Moderators are shown every author: null reaches only those a message is hidden from. */
export const authorName = (message: { author: { username: string } | null }) => message.author?.username ?? "Someone";

/** "alice's message", as feed entries and announcements name a message. */
export const messageOwner = (message: { author: { username: string } | null }) => `${authorName(message)}'s message`;

/** A score the learned classifier gave a message, with the category in words ("identity attack 0.91"). */
export type ClassifierReading = { category: ModerationCategory; name: string; score: number; words: string };

/** Below this a score says nothing a moderator can act on. */
const NOTEWORTHY_SCORE = 0.3;

/** The learned classifier's noteworthy readings, highest first as the API sends them; none for older verdicts. */
export function classifierReadings(message: ReviewMessage): ClassifierReading[] {
  return (message.moderationDetails?.categoryScores ?? [])
    .filter(({ score }) => score >= NOTEWORTHY_SCORE)
    .map(({ category, score }) => {
      const name = categoryName(category);
      return { category, name, score, words: `${name} ${formatScore(score)}` };
    });
}

/**
 * Why the verdict stopped the message, in the plain words its author reads; the API's reason when
 * the verdict gave none (held after reports, or decided by a moderator).
 */
export function plainReason(message: ReviewMessage): string | null {
  return reasonsInWords(message.moderationDetails?.reasons ?? []) ?? message.moderationReason;
}

/** What the verdict rests on, as the API words it for moderators: terms found, categories over threshold. */
export const verdictEvidence = (message: ReviewMessage): readonly string[] => message.moderationDetails?.evidence ?? [];
