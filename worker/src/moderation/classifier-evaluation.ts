// Measuring the classifier on labelled messages: a message is flagged when its toxicity score
// reaches the threshold; each finer category is measured by its own output.

import type { ModerationCategory } from "@chatmod/core/moderation-categories";
import type { CategoryScores } from "./classifier.ts";
import { outputTargets, trainedOutputs } from "./classifier-training.ts";
import { precisionAndRecall } from "./evaluation.ts";
import { type CorpusMessage, devSetSource, writtenSource } from "./training-corpus.ts";
import type { VerdictStatus } from "./verdict.ts";

/** The score at which the evaluation counts a message as flagged. */
export const FLAG_THRESHOLD = 0.5;

export interface FlagFigures {
  rows: number;
  flagged: number;
  clean: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of clean rows flagged; null when there are none. */
  falsePositiveRate: number | null;
}

export interface OutputFigures {
  /** Rows whose label says yes or no for this output. */
  rows: number;
  positives: number;
  precision: number;
  recall: number;
}

export interface HeldOutReport {
  bySource: Map<string, FlagFigures>;
  byLanguage: Map<string, FlagFigures>;
  /** Share of each corpus category's rows flagged (toxicity), e.g. how many threats are caught at all. */
  caughtByCategory: Map<string, FlagFigures>;
  byOutput: Map<ModerationCategory, OutputFigures>;
  /** Mean F1 over the corpus's sources (the development set and the written messages are reported on their own). */
  macroF1: number;
  overall: FlagFigures;
}

export interface ScoredMessage {
  message: CorpusMessage;
  scores: CategoryScores;
  /** The whole verdict's status (rules and classifier), where it was worked out. */
  status?: VerdictStatus;
}

/** How a message counts as flagged: by the classifier's toxicity alone, or by the whole verdict. */
export type FlagRule = (entry: ScoredMessage) => boolean;

export const byToxicity =
  (threshold = FLAG_THRESHOLD): FlagRule =>
  (entry) =>
    entry.scores.toxicity >= threshold;

export const byVerdict: FlagRule = (entry) => entry.status !== undefined && entry.status !== "APPROVED";

/** The corpus's own sources: not the development set, not the messages written for this project. */
export function isCorpusSource(source: string): boolean {
  return source !== devSetSource && source !== writtenSource;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export function flagFigures(scored: readonly ScoredMessage[], flags: FlagRule = byToxicity()): FlagFigures {
  let truePositives = 0;
  let falsePositives = 0;
  let flagged = 0;
  for (const entry of scored) {
    const { message } = entry;
    const predicted = flags(entry);
    if (message.flag) flagged++;
    if (predicted && message.flag) truePositives++;
    else if (predicted) falsePositives++;
  }
  const clean = scored.length - flagged;
  return {
    rows: scored.length,
    flagged,
    clean,
    ...precisionAndRecall(truePositives, falsePositives, flagged),
    falsePositiveRate: clean === 0 ? null : falsePositives / clean,
  };
}

function groupBy(
  scored: readonly ScoredMessage[],
  key: (message: CorpusMessage) => string,
  flags: FlagRule,
): Map<string, FlagFigures> {
  const groups = new Map<string, ScoredMessage[]>();
  for (const entry of scored) {
    const name = key(entry.message);
    const group = groups.get(name) ?? [];
    group.push(entry);
    groups.set(name, group);
  }
  return new Map(
    [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, group]) => [name, flagFigures(group, flags)]),
  );
}

function outputFigures(scored: readonly ScoredMessage[], output: number): OutputFigures {
  const category = trainedOutputs[output] ?? "toxicity";
  let rows = 0;
  let positives = 0;
  let predicted = 0;
  let truePositives = 0;
  for (const { message, scores } of scored) {
    const target = outputTargets(message)[output] ?? -1;
    if (target < 0) continue;
    rows++;
    const says = scores[category] >= FLAG_THRESHOLD;
    if (target === 1) positives++;
    if (says) predicted++;
    if (says && target === 1) truePositives++;
  }
  return { rows, positives, precision: ratio(truePositives, predicted), recall: ratio(truePositives, positives) };
}

export function heldOutReport(scored: readonly ScoredMessage[], flags: FlagRule = byToxicity()): HeldOutReport {
  const bySource = groupBy(scored, (message) => message.source, flags);
  const corpusSources = [...bySource].filter(([source]) => isCorpusSource(source));
  return {
    bySource,
    byLanguage: groupBy(scored, (message) => message.lang, flags),
    caughtByCategory: groupBy(scored, (message) => message.category, flags),
    byOutput: new Map(trainedOutputs.map((category, output) => [category, outputFigures(scored, output)])),
    macroF1: corpusSources.reduce((sum, [, figures]) => sum + figures.f1, 0) / Math.max(1, corpusSources.length),
    overall: flagFigures(
      scored.filter((entry) => isCorpusSource(entry.message.source)),
      flags,
    ),
  };
}

export interface ThresholdFigures {
  threshold: number;
  macroF1: number;
  /** The highest share of clean rows flagged in any corpus source, and that source. */
  worstFalsePositiveRate: number;
  worstSource: string;
}

/** Macro-F1 and the worst source's false positives at each flag threshold, to see the trade-off. */
export function thresholdSweep(
  scored: readonly ScoredMessage[],
  thresholds: readonly number[] = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
): ThresholdFigures[] {
  const bySource = new Map<string, ScoredMessage[]>();
  for (const entry of scored) {
    if (!isCorpusSource(entry.message.source)) continue;
    bySource.set(entry.message.source, [...(bySource.get(entry.message.source) ?? []), entry]);
  }
  return thresholds.map((threshold) => {
    let f1Sum = 0;
    let worstFalsePositiveRate = 0;
    let worstSource = "";
    for (const [source, group] of bySource) {
      const figures = flagFigures(group, byToxicity(threshold));
      f1Sum += figures.f1;
      if ((figures.falsePositiveRate ?? 0) > worstFalsePositiveRate) {
        worstFalsePositiveRate = figures.falsePositiveRate ?? 0;
        worstSource = source;
      }
    }
    return { threshold, macroF1: f1Sum / Math.max(1, bySource.size), worstFalsePositiveRate, worstSource };
  });
}
