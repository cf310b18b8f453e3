// The audit log: decisions newest first. A rejected message is restored from
// here (the review queue has no "rejected" list).
import type { ModerationDecisionsQuery, ModerationStatus } from "../gql/graphql.ts";

export type AuditDecision = ModerationDecisionsQuery["moderationDecisions"]["edges"][number]["node"];
/** A message as the audit log shows it (a queue's message or an event's fits too). */
export type AuditMessage = AuditDecision["message"];

export const STATUS_LABELS: Record<ModerationStatus, string> = {
  PENDING: "Pending",
  APPROVED: "Approved",
  FLAGGED: "Flagged",
  REJECTED: "Rejected",
};

/**
 * The decisions that offer Restore: per message, only its newest decision, when
 * that rejected it and it is still rejected (and not deleted by its author).
 */
export function restorableDecisions(decisions: readonly AuditDecision[]): Set<string> {
  const seen = new Set<string>();
  const restorable = new Set<string>();
  for (const decision of decisions) {
    const { message } = decision;
    if (seen.has(message.id)) continue;
    seen.add(message.id);
    if (decision.toStatus === "REJECTED" && message.moderationStatus === "REJECTED" && !message.deletedAt)
      restorable.add(decision.id);
  }
  return restorable;
}

/** The messages behind some decisions, once each, as the log shows them (a decision names the version shown). */
export function decidedMessages(decisions: readonly AuditDecision[], decisionIds: readonly string[]): AuditMessage[] {
  const wanted = new Set(decisionIds);
  const messages = new Map<string, AuditMessage>();
  for (const each of decisions)
    if (wanted.has(each.id) && !messages.has(each.message.id)) messages.set(each.message.id, each.message);
  return [...messages.values()];
}

/** A message as it is now (from an event or a decision) in every row about it. */
export function updateMessage(decisions: readonly AuditDecision[], message: AuditMessage): AuditDecision[] {
  return decisions.map((each) => (each.message.id === message.id ? { ...each, message } : each));
}

/**
 * Adds a fresh first page to what is loaded: decisions not seen yet go on top
 * (newest first), and rows already shown take the page's copy of their message.
 */
export function mergeNewest(loaded: readonly AuditDecision[], page: readonly AuditDecision[]): AuditDecision[] {
  const known = new Set(loaded.map((each) => each.id));
  const fresh = page.filter((each) => !known.has(each.id));
  const messages = new Map(page.map((each) => [each.message.id, each.message]));
  const updated = loaded.map((each) => {
    const message = messages.get(each.message.id);
    return message ? { ...each, message } : each;
  });
  return [...fresh, ...updated];
}
