// What moderation tells the person concerned, in one place for the API and the worker.

import type { SanctionKind } from "./db.ts";
import type { EventBus } from "./event-bus.ts";
import { sanctionWords } from "./sanctions.ts";

/** A time as every notice writes it: UTC, to the minute (the app shows its own, local, from `until`). */
export function noticeTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A verdict's reasons as one phrase ("an insult aimed at someone and a threat"); null when there are none. */
export function reasonsInWords(reasons: readonly string[]): string | null {
  if (reasons.length === 0) return null;
  return reasons.length === 1 ? reasons[0]! : `${reasons.slice(0, -1).join(", ")} and ${reasons.at(-1)}`;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export const noticeText = {
  messageRemoved: (roomSlug: string, why: string | null) =>
    why ? `Your message in #${roomSlug} was removed: ${sentence(why)}` : `Your message in #${roomSlug} was removed.`,
  sanctioned: (kind: SanctionKind, roomSlug: string | null, until: Date | null, reason: string) => {
    const where = roomSlug ? ` in #${roomSlug}` : "";
    const end = until ? ` until ${noticeTime(until)}` : "";
    const lead = kind === "SUSPENSION" ? "Your account is suspended" : `You are ${sanctionWords[kind].state}${where}`;
    return `${lead}${end}: ${sentence(reason)}`;
  },
  lifted: (kind: SanctionKind, roomSlug: string | null) =>
    kind === "SUSPENSION"
      ? "Your account's suspension was lifted."
      : `Your ${sanctionWords[kind].noun} in #${roomSlug} was lifted.`,
  appealDecided: (accepted: boolean, note: string) =>
    `Your appeal was ${accepted ? "accepted" : "denied"}${note ? `: ${sentence(note)}` : "."}`,
};

/** Wakes the people concerned once their notices are committed; a failure is logged by the caller, never fatal. */
export async function announceNotices(
  events: EventBus,
  notices: readonly { id: string; userId: string }[],
): Promise<void> {
  await Promise.all(notices.map((notice) => events.publish("person", notice.userId, { noticeId: notice.id })));
}
