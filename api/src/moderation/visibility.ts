import type { Message, Prisma } from "@chatmod/core/db";
import { reasonsInWords as joined } from "@chatmod/core/notices";
import { isModerator } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";

/**
 * Who may see what of a message. One pure function decides for every path
 * that reaches a message (queries, relations, pagination, subscription
 * payloads), so no path can show hidden text by forgetting a rule:
 *
 * - moderators and the author see the text and the reasons;
 * - others: a REJECTED message, one held after reports, one sent in
 *   pre-moderation that is not approved yet, and one held for its verdict
 *   (HOLD mode) that has none yet are HIDDEN; a FLAGGED one is MASKED
 *   (no text, a public reason naming only the kind of problem).
 */
export type Visibility = "VISIBLE" | "MASKED" | "HIDDEN";

type Moderated = Pick<
  Message,
  | "authorId"
  | "moderationStatus"
  | "heldForReview"
  | "preModerated"
  | "heldForVerdict"
  | "deletedAt"
  | "text"
  | "moderation"
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
    (message.preModerated && message.moderationStatus !== "APPROVED") ||
    (message.heldForVerdict && message.moderationStatus === "PENDING")
  );
}

/** The history filter matching viewMessage: other members never receive hidden messages in lists. */
export function visibleMessagesWhere(viewer: Viewer | null): Prisma.MessageWhereInput {
  if (isModerator(viewer)) return {};
  const visibleToOthers: Prisma.MessageWhereInput = {
    moderationStatus: { not: "REJECTED" },
    heldForReview: false,
    AND: [
      { OR: [{ preModerated: false }, { moderationStatus: "APPROVED" }] },
      { OR: [{ heldForVerdict: false }, { moderationStatus: { not: "PENDING" } }] },
    ],
  };
  return viewer ? { OR: [{ authorId: viewer.id }, visibleToOthers] } : visibleToOthers;
}

type StoredDetails = { reasons?: unknown };

/** The verdict's reasons, in plain words ("an insult aimed at someone"), as one phrase. */
function reasonsInWords(message: Moderated): string | null {
  const details = (message.moderation ?? {}) as StoredDetails;
  return joined(Array.isArray(details.reasons) ? details.reasons.filter((reason) => typeof reason === "string") : []);
}

/** What the author and moderators read: what happened to the message, and why. */
function privateReason(message: Moderated): string | null {
  if (message.heldForReview) return "Held for review after reports.";
  const why = reasonsInWords(message);
  if (message.moderationStatus === "REJECTED") return why ? `Hidden: ${why}.` : "Hidden by moderation.";
  if (message.moderationStatus === "FLAGGED")
    return why ? `Flagged for review: ${why}.` : "Flagged for review by moderation.";
  return null;
}

/** What everyone else reads: only the kinds of problem found, never the words (they would reveal the text). */
function publicReason(message: Moderated): string {
  const why = reasonsInWords(message);
  return why ? `Hidden: ${why}.` : "Hidden by moderation.";
}
