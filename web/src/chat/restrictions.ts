// What the composer allows right now, and why, as plain functions (no Vue): a timeout
// mutes the member (they read, but cannot send); slow mode gives one message per
// interval. Both end by the clock alone, so the composer opens again by itself.
import type { CombinedError } from "@urql/core";
import { countdownInWords, formatCountdown, remainingMs } from "./countdown.ts";
import { inForce, mutedSentence, type ViewerSanction } from "./sanction.ts";

export type ComposerState =
  /** Writing and sending as usual; `slowMode` words the room's slow mode, when it applies to the viewer. */
  | { readonly kind: "open"; readonly slowMode: string | null }
  /** Slow mode: the viewer's next turn is `countdown` away; they may keep writing meanwhile. */
  | { readonly kind: "waiting"; readonly slowMode: string; readonly countdown: string; readonly spoken: string }
  /** A timeout: nothing can be sent until it ends (`countdown`), or a moderator lifts it. */
  | {
      readonly kind: "muted";
      readonly sentence: string;
      readonly countdown: string | null;
      readonly spoken: string | null;
    };

export type ComposerInput = {
  /** The viewer's sanction in the room (a timeout mutes; a ban leaves the room, not the composer). */
  sanction: ViewerSanction | null;
  slowModeSeconds: number;
  /** Moderators are exempt from slow mode (and cannot be timed out). */
  exempt: boolean;
  /** When slow mode gives the viewer their next turn (epoch ms), if they used one. */
  nextTurnAt: number | null;
  now: number;
};

/** "Slow mode: one message every 30 s" (minutes or hours when the interval is a whole number of them). */
export function slowModeWords(seconds: number): string {
  const every =
    seconds >= 3600 && seconds % 3600 === 0
      ? `${seconds / 3600} h`
      : seconds >= 60 && seconds % 60 === 0
        ? `${seconds / 60} min`
        : `${seconds} s`;
  return `Slow mode: one message every ${every}`;
}

export function composerState(input: ComposerInput): ComposerState {
  const { sanction, now } = input;
  if (sanction?.kind === "TIMEOUT" && inForce(sanction, now)) {
    const left = sanction.endsAt ? remainingMs(sanction.endsAt, now) : null;
    return {
      kind: "muted",
      sentence: mutedSentence(sanction, now),
      countdown: left === null ? null : formatCountdown(left),
      spoken: left === null ? null : countdownInWords(left),
    };
  }
  if (input.exempt || input.slowModeSeconds <= 0) return { kind: "open", slowMode: null };
  const slowMode = slowModeWords(input.slowModeSeconds);
  const wait = remainingMs(input.nextTurnAt, now);
  if (wait <= 0) return { kind: "open", slowMode };
  return { kind: "waiting", slowMode, countdown: formatCountdown(wait), spoken: countdownInWords(wait) };
}

/** The next turn once a message was taken: slow mode counts from the send the API accepted. */
export function turnAfterSend(now: number, slowModeSeconds: number): number | null {
  return slowModeSeconds > 0 ? now + slowModeSeconds * 1000 : null;
}

/**
 * The next turn a slow-mode refusal names (RATE_LIMITED with extensions.until), or null for any
 * other error. The wait (retryAfterMs) is counted on this clock, so a server's clock that differs
 * from the browser's does not matter; `until` stands in should the wait be missing.
 */
export function turnFromRefusal(error: CombinedError | null | undefined, now: number): number | null {
  for (const refusal of error?.graphQLErrors ?? []) {
    const { code, until, retryAfterMs } = refusal.extensions ?? {};
    if (code !== "RATE_LIMITED" || typeof until !== "string") continue;
    if (typeof retryAfterMs === "number" && retryAfterMs > 0) return now + retryAfterMs;
    const end = Date.parse(until);
    return Number.isFinite(end) ? end : null;
  }
  return null;
}
