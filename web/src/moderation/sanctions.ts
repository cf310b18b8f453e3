// Timeouts, bans and suspensions as moderators set and read them: the duration
// choices, the checks the API would make (in its words), and sanctions in words.
// Plain functions, tested without a server.
import type { Role, SanctionKind, SanctionRecordFragment } from "../gql/graphql.ts";

export type SanctionRecord = SanctionRecordFragment;

const HOUR = 60;
const DAY = 24 * HOUR;

/** A timeout lasts 1 minute to 28 days (the API's limits). */
export const TIMEOUT_MAX_MINUTES = 28 * DAY;
/** A ban or a suspension with an end lasts at most ten years. */
export const LONGEST_MINUTES = 10 * 365 * DAY;
/** A sanction's reason and a lift's reason: the person reads it. */
export const REASON_MAX = 500;

/** A duration offered as one choice: minutes, or null for no end (bans and suspensions only). */
export type DurationChoice = { value: string; label: string; minutes: number | null };

export const TIMEOUT_CHOICES: readonly DurationChoice[] = [
  { value: "1", label: "1 minute", minutes: 1 },
  { value: "10", label: "10 minutes", minutes: 10 },
  { value: "60", label: "1 hour", minutes: HOUR },
  { value: "1440", label: "1 day", minutes: DAY },
  { value: "10080", label: "1 week", minutes: 7 * DAY },
];

/** Bans and suspensions: no end unless one is chosen. */
export const OPEN_ENDED_CHOICES: readonly DurationChoice[] = [
  { value: "none", label: "No end", minutes: null },
  { value: "60", label: "1 hour", minutes: HOUR },
  { value: "1440", label: "1 day", minutes: DAY },
  { value: "10080", label: "1 week", minutes: 7 * DAY },
  { value: "43200", label: "30 days", minutes: 30 * DAY },
];

export const CUSTOM = "custom";

export const DURATION_UNITS = [
  { value: "minutes", label: "minutes", minutes: 1 },
  { value: "hours", label: "hours", minutes: HOUR },
  { value: "days", label: "days", minutes: DAY },
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number]["value"];

export const choicesFor = (kind: SanctionKind): readonly DurationChoice[] =>
  kind === "TIMEOUT" ? TIMEOUT_CHOICES : OPEN_ENDED_CHOICES;

/**
 * What the form holds: a listed choice's value, or "custom" with an amount and a unit. A number
 * input's v-model gives a number once typed in (Vue casts type="number"), or "" when empty.
 */
export type DurationDraft = { choice: string; amount: string | number; unit: DurationUnit };

export const defaultDuration = (kind: SanctionKind): DurationDraft => ({
  choice: kind === "TIMEOUT" ? "10" : "none",
  amount: "",
  unit: kind === "TIMEOUT" ? "hours" : "days",
});

export type DurationResult = { minutes: number | null; error: null } | { minutes: null; error: string };

/** The minutes a draft stands for (null: no end), or why the API would refuse it, in its words. */
export function draftMinutes(kind: SanctionKind, draft: DurationDraft): DurationResult {
  if (draft.choice !== CUSTOM) {
    const choice = choicesFor(kind).find((each) => each.value === draft.choice);
    if (!choice) return { minutes: null, error: "Choose how long it lasts." };
    return { minutes: choice.minutes, error: null };
  }
  const unit = DURATION_UNITS.find((each) => each.value === draft.unit) ?? DURATION_UNITS[0];
  const typed = String(draft.amount).trim();
  const amount = Number(typed);
  const minutes = Math.round(amount * unit.minutes);
  if (typed === "" || !Number.isFinite(amount) || amount <= 0 || minutes < 1)
    return { minutes: null, error: "Give a duration of at least 1 minute." };
  if (kind === "TIMEOUT" && minutes > TIMEOUT_MAX_MINUTES)
    return {
      minutes: null,
      error: `A timeout lasts 1 minute to 28 days (${TIMEOUT_MAX_MINUTES} minutes).`,
    };
  if (minutes > LONGEST_MINUTES)
    return { minutes: null, error: `A ${NOUNS[kind]} lasts 1 minute to 10 years, or choose no end.` };
  return { minutes, error: null };
}

/** A reason the API takes (1 to 500 characters), or what is wrong with it; `required` false allows none (a lift). */
export function reasonProblem(reason: string, required = true): string | null {
  const length = reason.trim().length;
  if (required && length === 0) return "Give a reason: the person reads it.";
  if (length > REASON_MAX) return `A reason is at most ${REASON_MAX} characters.`;
  return null;
}

const NOUNS: Record<SanctionKind, string> = { TIMEOUT: "timeout", BAN: "ban", SUSPENSION: "suspension" };
export const KIND_LABELS: Record<SanctionKind, string> = { TIMEOUT: "Timeout", BAN: "Ban", SUSPENSION: "Suspension" };
export const sanctionNoun = (kind: SanctionKind) => NOUNS[kind];

/** "10 minutes", "1 hour", "3 days", "2 weeks", "1 day 6 hours": a duration as people say it. */
export function durationInWords(minutes: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes % (7 * DAY) === 0) return plural(minutes / (7 * DAY), "week");
  if (minutes % DAY === 0) return plural(minutes / DAY, "day");
  if (minutes >= DAY) {
    const days = Math.floor(minutes / DAY);
    const rest = minutes - days * DAY;
    return `${plural(days, "day")} ${durationInWords(rest)}`;
  }
  if (minutes % HOUR === 0) return plural(minutes / HOUR, "hour");
  if (minutes > HOUR) return `${plural(Math.floor(minutes / HOUR), "hour")} ${plural(minutes % HOUR, "minute")}`;
  return plural(minutes, "minute");
}

/** The confirmation's question: "Time out alice in #general for 10 minutes?" */
export function confirmQuestion(
  kind: SanctionKind,
  username: string,
  roomName: string | null,
  minutes: number | null,
): string {
  const room = roomName ? ` in #${roomName}` : "";
  const span = minutes === null ? " with no end" : ` for ${durationInWords(minutes)}`;
  if (kind === "TIMEOUT") return `Time out ${username}${room}${span}?`;
  if (kind === "BAN") return `Ban ${username} from ${roomName ? `#${roomName}` : "the room"}${span}?`;
  return `Suspend ${username}'s account${span}? They are signed out everywhere at once.`;
}

/** What the action did, for the result line: "alice is timed out in #general until 14:05, 6 Dec." */
export function resultSentence(sanction: SanctionRecord, format: (iso: string) => string): string {
  const who = sanction.user.username;
  const room = sanction.room ? ` #${sanction.room.name}` : "";
  const until = sanction.endsAt ? ` until ${format(sanction.endsAt)}` : " with no end";
  if (sanction.kind === "TIMEOUT") return `${who} is timed out in${room}${until}.`;
  if (sanction.kind === "BAN") return `${who} is banned from${room}${until}.`;
  return `${who}'s account is suspended${until}.`;
}

export type SanctionState = "in-force" | "lifted" | "ended";

export function sanctionState(sanction: Pick<SanctionRecord, "inForce" | "liftedAt">): SanctionState {
  if (sanction.inForce) return "in-force";
  return sanction.liftedAt ? "lifted" : "ended";
}

export const STATE_LABELS: Record<SanctionState, string> = { "in-force": "In force", lifted: "Lifted", ended: "Ended" };

/** Moderators lift timeouts and bans in force; suspensions are admins' to lift. */
export function mayLift(sanction: Pick<SanctionRecord, "inForce" | "kind">, role: Role | null | undefined): boolean {
  if (!sanction.inForce) return false;
  if (sanction.kind === "SUSPENSION") return role === "ADMIN";
  return role === "MODERATOR" || role === "ADMIN";
}

/** Moderators and admins open people's records and act on them. */
export const isModeratorRole = (role: Role | null | undefined) => role === "MODERATOR" || role === "ADMIN";

/** In force first, then newest first (as the API lists them). */
export function inForceFirst<T extends Pick<SanctionRecord, "inForce" | "startsAt">>(sanctions: readonly T[]): T[] {
  return [...sanctions].sort(
    (a, b) => Number(b.inForce) - Number(a.inForce) || (a.startsAt < b.startsAt ? 1 : a.startsAt > b.startsAt ? -1 : 0),
  );
}
