// What a sanction means for the viewer in a room, in words, as plain functions (no Vue).
// The API says it two ways: `Room.viewerSanction` (read with the room) and, on any
// refused action, a FORBIDDEN error with extensions {sanction, reason, until}.
import type { CombinedError } from "@urql/core";
import type { SanctionKind } from "../gql/graphql.ts";
import { describeError } from "../graphql/errors.ts";
import { untilText } from "./countdown.ts";

/** A sanction as the app holds it: from the room (with its id, to appeal it) or from a refusal (without). */
export type ViewerSanction = {
  readonly id: string | null;
  readonly kind: SanctionKind;
  readonly reason: string;
  /** ISO; null: no end. */
  readonly endsAt: string | null;
};

const KINDS: readonly string[] = ["TIMEOUT", "BAN", "SUSPENSION"] satisfies SanctionKind[];

/** The sanction a refusal names (FORBIDDEN with extensions.sanction), or null for any other error. */
export function sanctionOf(error: CombinedError | null | undefined): ViewerSanction | null {
  for (const refusal of error?.graphQLErrors ?? []) {
    const { code, sanction, reason, until } = refusal.extensions ?? {};
    if (code !== "FORBIDDEN" || typeof sanction !== "string" || !KINDS.includes(sanction)) continue;
    return {
      id: null,
      kind: sanction as SanctionKind,
      reason: typeof reason === "string" ? reason : "",
      endsAt: typeof until === "string" ? until : null,
    };
  }
  return null;
}

/** Whether it holds at `now` (ms): a sanction with an end is over once the end has passed. */
export function inForce(sanction: ViewerSanction | null | undefined, now: number): sanction is ViewerSanction {
  if (!sanction) return false;
  return sanction.endsAt === null || Date.parse(sanction.endsAt) > now;
}

const withReason = (text: string, reason: string) => (reason ? `${text}: ${reason}` : `${text}.`);

/** The sentence a muted member reads in the room: "You are muted here until 14:05: spamming links". */
export function mutedSentence(sanction: ViewerSanction, now: number): string {
  const until = sanction.endsAt ? ` until ${untilText(sanction.endsAt, now)}` : "";
  return withReason(`You are muted here${until}`, sanction.reason);
}

/** What a banned member reads instead of the room: "You were banned from #general: spam (until Dec 3, 14:05)". */
export function bannedSentence(sanction: ViewerSanction, roomName: string, now: number): string {
  const text = withReason(`You were banned from #${roomName}`, sanction.reason);
  return sanction.endsAt ? `${text} (until ${untilText(sanction.endsAt, now)})` : text;
}

/** A refusal because of a sanction, in the app's words (local times); null for any other refusal. */
export function sanctionSentence(sanction: ViewerSanction, now: number): string {
  const until = sanction.endsAt ? ` until ${untilText(sanction.endsAt, now)}` : "";
  if (sanction.kind === "TIMEOUT") return mutedSentence(sanction, now);
  if (sanction.kind === "BAN") return withReason(`You are banned from this room${until}`, sanction.reason);
  return withReason(`Your account is suspended${until}`, sanction.reason);
}

/**
 * An error in words: a sanction's refusal says which, why and until when (in the browser's time),
 * anything else as describeError words it.
 */
export function describeRefusal(error: CombinedError | null | undefined, now = Date.now()): string {
  const sanction = sanctionOf(error);
  return sanction ? sanctionSentence(sanction, now) : describeError(error);
}
