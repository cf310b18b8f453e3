// Who set a queued message's status. A reported message the automatic moderator let through must not
// read as a moderator's decision: the message itself does not say who decided, its newest audit row does.
import type { ModerationStatus } from "../gql/graphql.ts";
import { STATUS_LABELS } from "./audit.ts";

/** The newest audit row's author: a moderator, or null for the automatic moderator. */
export type DecidedBy = { moderator: { id: string; username: string } | null };

/**
 * Statuses both a moderator and the automatic moderator can set, so only the audit log tells them apart.
 * FLAGGED is only ever the automatic moderator's verdict; PENDING is nobody's decision yet.
 */
export const eitherMayDecide = (status: ModerationStatus) => status === "APPROVED" || status === "REJECTED";

export type StatusLabel = { text: string; automatic: boolean };

/** "Auto-flagged", "Auto-approved", "Rejected by bob"; the bare status while who decided is not known yet. */
export function statusLabel(status: ModerationStatus, decidedBy: DecidedBy | undefined): StatusLabel {
  const name = STATUS_LABELS[status];
  if (status === "FLAGGED") return { text: "Auto-flagged", automatic: true };
  if (!eitherMayDecide(status) || decidedBy === undefined) return { text: name, automatic: false };
  if (decidedBy.moderator === null) return { text: `Auto-${name.toLowerCase()}`, automatic: true };
  return { text: `${name} by ${decidedBy.moderator.username}`, automatic: false };
}
