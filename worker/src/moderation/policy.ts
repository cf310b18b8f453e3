// A room's moderation policy: what moderate() needs to decide, as plain data.

import {
  type CategoryThreshold,
  defaultCategoryThresholds,
  type ModerationCategory,
} from "@chatmod/core/moderation-categories";
import type { FindingSeverity } from "./verdict.ts";

export type ModerationMode = "POST" | "PRE";

export interface ModerationThresholds {
  /** A term at or above this severity flags the message on its own. */
  flagSeverity: FindingSeverity;
  /** A term or threat at or above this severity rejects the message; "never" sends everything to review. */
  rejectSeverity: FindingSeverity | "never";
  /**
   * Sentiment comparative (AFINN score per token) at or below which the message counts as hostile.
   * Hostility, measured without the term's own words, turns mild terms ("ghetto", "queer", "redneck",
   * "porn") into a flag; alone it flags nothing.
   */
  hostileComparative: number;
  /**
   * With no term matched, flag a message whose sentiment score is at or below this (a long, very
   * hostile rant). null turns sentiment-only flagging off.
   */
  sentimentFlagScore: number | null;
}

export interface ModerationPolicy {
  /**
   * POST: messages show at once and are moderated afterwards; PRE: held until approved.
   * moderate() decides the same way in both; the worker and API use the mode to decide visibility.
   */
  mode: ModerationMode;
  thresholds: ModerationThresholds;
  /** Per category, the classifier's scores that flag and reject (1: never). */
  categoryThresholds: Readonly<Record<ModerationCategory, Readonly<CategoryThreshold>>>;
  /** Extra terms that flag, matched as whole words with the same obfuscation folding as the built-in list. */
  blockedTerms: readonly string[];
  /** Terms (or phrases) that are never flagged, even when a built-in or blocked term matches inside them. */
  allowedTerms: readonly string[];
}

export const defaultThresholds: Readonly<ModerationThresholds> = Object.freeze({
  flagSeverity: "moderate",
  rejectSeverity: "severe",
  // AFINN scores run from -5 to 5 per word; -0.5 per token is a clearly hostile message.
  hostileComparative: -0.5,
  sentimentFlagScore: null,
});

/** Frozen: spread it to make a room's policy ({ ...defaultPolicy, blockedTerms: [...] }). */
export const defaultPolicy: Readonly<ModerationPolicy> = Object.freeze({
  mode: "POST",
  thresholds: defaultThresholds,
  categoryThresholds: defaultCategoryThresholds,
  blockedTerms: Object.freeze([]),
  allowedTerms: Object.freeze([]),
});
