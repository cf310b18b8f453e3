// A room's stored settings -> the ModerationPolicy that moderate() takes.

import {
  defaultPolicy,
  defaultThresholds,
  type ModerationMode,
  type ModerationPolicy,
  type ModerationThresholds,
} from "./moderation/policy.ts";
import type { FindingSeverity } from "./moderation/verdict.ts";

const severities: readonly string[] = ["mild", "moderate", "severe"] satisfies FindingSeverity[];

/**
 * Merges a room's `policy` JSON ({ thresholds?, blockedTerms?, allowedTerms? })
 * over defaultPolicy. The API validates on write, so anything unexpected here is
 * old or hand-edited data: it is ignored key by key rather than failing the job,
 * because a message must still be moderated, and the defaults are the safe choice.
 */
export function roomPolicy(stored: unknown, mode: ModerationMode): ModerationPolicy {
  const settings = isRecord(stored) ? stored : {};
  return {
    mode: mode === "PRE" ? "PRE" : "POST",
    thresholds: thresholdsFrom(settings["thresholds"]),
    blockedTerms: termsFrom(settings["blockedTerms"]) ?? defaultPolicy.blockedTerms,
    allowedTerms: termsFrom(settings["allowedTerms"]) ?? defaultPolicy.allowedTerms,
  };
}

function thresholdsFrom(value: unknown): ModerationThresholds {
  const thresholds: ModerationThresholds = { ...defaultThresholds };
  if (!isRecord(value)) return thresholds;
  const { flagSeverity, rejectSeverity, hostileComparative, sentimentFlagScore } = value;
  if (isSeverity(flagSeverity)) thresholds.flagSeverity = flagSeverity;
  if (isSeverity(rejectSeverity) || rejectSeverity === "never") thresholds.rejectSeverity = rejectSeverity;
  if (isFiniteNumber(hostileComparative)) thresholds.hostileComparative = hostileComparative;
  if (sentimentFlagScore === null || isFiniteNumber(sentimentFlagScore))
    thresholds.sentimentFlagScore = sentimentFlagScore;
  return thresholds;
}

/** The non-empty strings of a list, trimmed; undefined when it is not a list at all. */
function termsFrom(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((term) => (typeof term === "string" && term.trim() !== "" ? [term.trim()] : []));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSeverity(value: unknown): value is FindingSeverity {
  return typeof value === "string" && severities.includes(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
