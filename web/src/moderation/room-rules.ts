// A room's rules for people as its settings edit them: when messages show (the
// moderation mode), slow mode, and the automatic timeouts (escalation). The form's
// checks are the API's limits, so a refusal is found before anything is sent.
import type { ModerationMode, RoomPolicyInput, RoomRulesFragment } from "../gql/graphql.ts";
import { durationInWords, TIMEOUT_MAX_MINUTES } from "./sanctions.ts";

export type RoomRules = RoomRulesFragment;
type Escalation = NonNullable<RoomRules["policy"]>["escalation"];

export const MODES: readonly { value: ModerationMode; label: string; meaning: string }[] = [
  {
    value: "POST",
    label: "After posting",
    meaning: "Messages show at once; the automatic moderator reads them just after and masks or removes what it stops.",
  },
  {
    value: "HOLD",
    label: "Hold for the automatic verdict",
    meaning:
      "A message shows to others once the automatic moderator has read it, usually within a moment: approved, it " +
      "shows; flagged, it shows masked; rejected, never. Its author sees it at once.",
  },
  {
    value: "PRE",
    label: "Before posting",
    meaning: "Every message waits until a moderator approves it; its author sees it meanwhile.",
  },
];

/** Slow mode's longest wait: 6 hours (the API's limit). */
export const SLOW_MODE_MAX_SECONDS = 6 * 60 * 60;
export const CUSTOM = "custom";

export const SLOW_MODE_CHOICES: readonly { value: string; label: string; seconds: number }[] = [
  { value: "0", label: "Off", seconds: 0 },
  { value: "5", label: "5 seconds", seconds: 5 },
  { value: "10", label: "10 seconds", seconds: 10 },
  { value: "30", label: "30 seconds", seconds: 30 },
  { value: "60", label: "1 minute", seconds: 60 },
  { value: "300", label: "5 minutes", seconds: 300 },
  { value: "900", label: "15 minutes", seconds: 900 },
  { value: "3600", label: "1 hour", seconds: 3600 },
];

/** The escalation's limits, as the API checks them. */
export const ESCALATION_LIMITS = {
  count: { min: 2, max: 50 },
  windowMinutes: { min: 1, max: 1440 },
  steps: { min: 1, max: 5 },
  step: { min: 1, max: TIMEOUT_MAX_MINUTES },
  repeatWindowHours: { min: 1, max: 720 },
} as const;

/**
 * What the form holds, checked on save. A number input's v-model gives a number once typed in
 * (Vue casts type="number"), or "" when empty: those fields are either.
 */
export type RulesDraft = {
  mode: ModerationMode;
  slowMode: string;
  slowModeSeconds: string | number;
  escalationEnabled: boolean;
  count: string | number;
  windowMinutes: string | number;
  /** Timeout minutes per step, separated by commas: "10, 1440". */
  steps: string;
  repeatWindowHours: string | number;
};

export type RulesField = "slowModeSeconds" | "count" | "windowMinutes" | "steps" | "repeatWindowHours";
export type RulesProblem = { field: RulesField; message: string };

/** The service's defaults, for a room whose policy the viewer may not read. */
const DEFAULT_ESCALATION: Escalation = {
  enabled: true,
  count: 3,
  windowMinutes: 10,
  timeoutMinutes: [10, 1440],
  repeatWindowHours: 24,
};

export function rulesDraft(rules: RoomRules): RulesDraft {
  const escalation = rules.policy?.escalation ?? DEFAULT_ESCALATION;
  const listed = SLOW_MODE_CHOICES.some((choice) => choice.seconds === rules.slowModeSeconds);
  return {
    mode: rules.moderationMode,
    slowMode: listed ? String(rules.slowModeSeconds) : CUSTOM,
    slowModeSeconds: listed ? "" : String(rules.slowModeSeconds),
    escalationEnabled: escalation.enabled,
    count: String(escalation.count),
    windowMinutes: String(escalation.windowMinutes),
    steps: escalation.timeoutMinutes.join(", "),
    repeatWindowHours: String(escalation.repeatWindowHours),
  };
}

/** A whole number within limits, or null. */
function whole(text: string | number, min: number, max: number): number | null {
  const trimmed = String(text).trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

/** The steps typed ("10, 1440"), or null when one is not a whole number. */
export function parseSteps(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.some((part) => !/^\d+$/.test(part))) return null;
  return parts.map(Number);
}

/** "10 minutes, then 1 day": the steps in words (the last one repeats). */
export function stepsInWords(steps: readonly number[]): string {
  return steps.map(durationInWords).join(", then ");
}

export type RulesResult = { input: RoomPolicyInput; problem: null } | { input: null; problem: RulesProblem };

/**
 * What to send, or the first problem the API would report (in the same terms: the
 * field, its range). Escalation fields are checked (and sent) only while it is on;
 * off, the room keeps its numbers for when it is turned on again.
 */
export function rulesInput(draft: RulesDraft): RulesResult {
  const fail = (field: RulesField, message: string): RulesResult => ({ input: null, problem: { field, message } });
  let slowModeSeconds: number;
  if (draft.slowMode === CUSTOM) {
    const seconds = whole(draft.slowModeSeconds, 0, SLOW_MODE_MAX_SECONDS);
    if (seconds === null)
      return fail("slowModeSeconds", `Slow mode is 0 (off) to ${SLOW_MODE_MAX_SECONDS} seconds (6 hours).`);
    slowModeSeconds = seconds;
  } else {
    slowModeSeconds = SLOW_MODE_CHOICES.find((choice) => choice.value === draft.slowMode)?.seconds ?? 0;
  }
  const input: RoomPolicyInput = { moderationMode: draft.mode, slowModeSeconds };
  if (!draft.escalationEnabled) return { input: { ...input, escalation: { enabled: false } }, problem: null };

  const { count: c, windowMinutes: w, steps: s, step, repeatWindowHours: r } = ESCALATION_LIMITS;
  const count = whole(draft.count, c.min, c.max);
  if (count === null) return fail("count", `The number of messages is ${c.min} to ${c.max}.`);
  const windowMinutes = whole(draft.windowMinutes, w.min, w.max);
  if (windowMinutes === null) return fail("windowMinutes", `The window is ${w.min} to ${w.max} minutes (a day).`);
  const steps = parseSteps(draft.steps);
  if (steps === null || steps.length < s.min || steps.length > s.max)
    return fail("steps", `Give ${s.min} to ${s.max} timeouts in minutes, separated by commas (for example 10, 1440).`);
  if (steps.some((minutes) => minutes < step.min || minutes > step.max))
    return fail("steps", `Each timeout is ${step.min} minute to ${step.max} minutes (28 days).`);
  const repeatWindowHours = whole(draft.repeatWindowHours, r.min, r.max);
  if (repeatWindowHours === null)
    return fail("repeatWindowHours", `The repeat window is ${r.min} to ${r.max} hours (30 days).`);
  return {
    input: {
      ...input,
      escalation: { enabled: true, count, windowMinutes, timeoutMinutes: steps, repeatWindowHours },
    },
    problem: null,
  };
}

/** The rule in one sentence, as the form previews it (empty while the steps do not read). */
export function escalationInWords(draft: RulesDraft): string {
  if (!draft.escalationEnabled) return "Nobody is timed out automatically in this room.";
  const steps = parseSteps(draft.steps) ?? [];
  if (steps.length === 0) return "";
  const [count, window, repeat] = [draft.count, draft.windowMinutes, draft.repeatWindowHours].map((value) =>
    String(value).trim(),
  );
  const rule = `${count} flagged or removed messages within ${window} minutes time a member out for ${durationInWords(steps[0] ?? 0)}`;
  if (steps.length === 1) return `${rule}, and as long each time again.`;
  return `${rule}; again within ${repeat} hours, for ${stepsInWords(steps.slice(1))} (the last one repeats).`;
}
