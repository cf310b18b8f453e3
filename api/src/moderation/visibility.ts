import type { Message, Prisma } from "@chatmod/core/db";
import { isModerator } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";

/**
 * Who may see what of a message. One pure function decides for every path
 * that reaches a message (queries, relations, pagination, subscription
 * payloads), so no path can show hidden text by forgetting a rule:
 *
 * - moderators and the author see the text and the reasons;
 * - others: a REJECTED message, one held after reports, and one sent in
 *   pre-moderation that is not approved yet are HIDDEN; a FLAGGED one is MASKED
 *   (no text, a public reason naming only the kind of problem).
 */
export type Visibility = "VISIBLE" | "MASKED" | "HIDDEN";

type Moderated = Pick<
  Message,
  "authorId" | "moderationStatus" | "heldForReview" | "preModerated" | "deletedAt" | "text" | "moderation"
>;

export type MessageView = { visibility: Visibility; text: string | null; reason: string | null; privileged: boolean };

/** The viewers these rules tell apart: all viewers of one class see the same of a message. */
export type ViewerClass = "moderator" | "author" | "member";

export function viewerClass(message: Pick<Moderated, "authorId"> | undefined, viewer: Viewer | null): ViewerClass {
  if (isModerator(viewer)) return "moderator";
  return viewer !== null && viewer.id === message?.authorId ? "author" : "member";
}

export function viewMessage(message: Moderated, viewer: Viewer | null): MessageView {
  const privileged = viewerClass(message, viewer) !== "member";
  const text = message.deletedAt ? null : message.text;
  if (privileged) return { visibility: "VISIBLE", text, reason: privateReason(message), privileged };
  if (isHiddenFromOthers(message)) return { visibility: "HIDDEN", text: null, reason: null, privileged };
  if (message.moderationStatus === "FLAGGED")
    return { visibility: "MASKED", text: null, reason: publicReason(message), privileged };
  return { visibility: "VISIBLE", text, reason: null, privileged };
}

function isHiddenFromOthers(message: Moderated): boolean {
  return (
    message.moderationStatus === "REJECTED" ||
    message.heldForReview ||
    (message.preModerated && message.moderationStatus !== "APPROVED")
  );
}

/** The history filter matching viewMessage: other members never receive hidden messages in lists. */
export function visibleMessagesWhere(viewer: Viewer | null): Prisma.MessageWhereInput {
  if (isModerator(viewer)) return {};
  const visibleToOthers: Prisma.MessageWhereInput = {
    moderationStatus: { not: "REJECTED" },
    heldForReview: false,
    OR: [{ preModerated: false }, { moderationStatus: "APPROVED" }],
  };
  return viewer ? { OR: [{ authorId: viewer.id }, visibleToOthers] } : visibleToOthers;
}

type StoredDetails = { reasons?: unknown; matchedTerms?: unknown };

/** What the author and moderators read: the verdict's own reasons. */
function privateReason(message: Moderated): string | null {
  if (message.heldForReview) return "Held for review after reports.";
  const details = (message.moderation ?? {}) as StoredDetails;
  const reasons = Array.isArray(details.reasons) ? details.reasons.map(String) : [];
  if (message.moderationStatus === "PENDING" || message.moderationStatus === "APPROVED") return reasons[0] ?? null;
  return reasons.length > 0 ? reasons.join("; ") : null;
}

/** What everyone else reads: only the kinds of problem found, never the words (they would reveal the text). */
function publicReason(message: Moderated): string {
  const details = (message.moderation ?? {}) as StoredDetails;
  const categories = new Set<string>();
  if (Array.isArray(details.matchedTerms))
    for (const term of details.matchedTerms) {
      const category = (term as { category?: unknown }).category;
      if (typeof category === "string") categories.add(category);
    }
  return categories.size > 0 ? `Hidden: flagged for ${[...categories].join(", ")}.` : "Hidden: flagged by moderation.";
}
