// Which jobs of a batch may store their verdict: the rules, without I/O.

import type { ModerationStatus } from "@chatmod/core/db";

/** Why a verdict was not applied; each is a normal end of the job, not a failure. */
export type SkipReason =
  /** The message no longer exists (its outbox row went with it). */
  | "missing"
  /** The author deleted it: there is nothing left to show or hide. */
  | "deleted"
  /** No outbox row: this version was already decided (a duplicate or re-run job). */
  | "not-owed"
  /** The outbox row has a newer owed time: the message was edited, and that version's job decides. */
  | "superseded"
  /** A moderator decided: a person's decision is never overwritten by the automatic one. */
  | "decided";

/** A job's claim on one message version: its moderation became owed at `owedAt`. */
export type Claim = {
  messageId: string;
  owedAt: Date;
  /** Already deleted when its text was loaded: skipped as "deleted" whatever else is true. */
  deletedWhenLoaded: boolean;
};

/** A message as read while its row is locked. */
export type LockedMessage = {
  id: string;
  roomId: string;
  status: ModerationStatus;
  deleted: boolean;
  /** The outbox row's owed time; null when nothing is owed. */
  owedAt: Date | null;
  /** The newest decision made by a person, if any. */
  moderatorDecidedAt: Date | null;
};

export type Settlement =
  | { apply: true; roomId: string }
  /** `clear`: this version's owed row is deleted (its moderation is settled either way). */
  | { apply: false; reason: SkipReason; clear: boolean };

/**
 * Settles each claim, in order, against the locked rows, as if the jobs ran one
 * after another: once a claim applies or clears a version, a later claim on the
 * same version (a duplicate job) finds it no longer owed.
 *
 * "decided" when a person has ruled on this version: the status moved off PENDING
 * (only moderators do that outside this worker, and this worker's own verdict
 * also deletes the outbox row), or a moderator's decision is newer than owedAt
 * (say, one that put the message back to PENDING for a colleague).
 */
export function settle(claims: readonly Claim[], locked: ReadonlyMap<string, LockedMessage>): Settlement[] {
  const owed = new Map<string, number | null>();
  const owedTime = (message: LockedMessage) =>
    owed.has(message.id) ? owed.get(message.id)! : (message.owedAt?.getTime() ?? null);
  const skip = (reason: SkipReason, clear = false): Settlement => ({ apply: false, reason, clear });

  return claims.map((claim): Settlement => {
    const message = locked.get(claim.messageId);
    if (!message) return skip("missing");
    const current = owedTime(message);
    const mine = current === claim.owedAt.getTime();
    const settled = (outcome: Settlement) => {
      if (mine) owed.set(message.id, null);
      return outcome;
    };
    if (claim.deletedWhenLoaded) return settled(skip("deleted", true));
    if (current === null) return skip("not-owed");
    // The job id carries owedAt, so an edit (which resets the owed time) makes the older job stale.
    if (!mine) return skip("superseded");
    if (message.deleted) return settled(skip("deleted", true));
    const byModerator =
      message.status !== "PENDING" ||
      (message.moderatorDecidedAt !== null && message.moderatorDecidedAt.getTime() > claim.owedAt.getTime());
    if (byModerator) return settled(skip("decided", true));
    return settled({ apply: true, roomId: message.roomId });
  });
}
