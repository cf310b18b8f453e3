// Measuring the whole verdict (assess(): the rules and the classifier) against a labelled CSV: columns label (flag|clean), class (hate|offensive|neither;
// other values are accepted and only `hate` counts for hate recall), text and, optionally, kind (what
// the message tests, as in the adversarial set: figures are then given per kind too).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assess } from "./assess.ts";
import { parseCsvRecords } from "./csv.ts";
import type { ModerationPolicy } from "./policy.ts";

export interface LabelledMessage {
  flag: boolean;
  /** "hate", "offensive" or "neither" in the Davidson data; "" when the file has no class column. */
  hateClass: string;
  /** What the message tests ("threat", "banter"...); "" when the file has no kind column. */
  kind: string;
  text: string;
}

export interface QualityFigures {
  messages: number;
  /** Rows labelled flag, rows labelled clean, rows of class hate. */
  flagged: number;
  clean: number;
  hate: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of `hate` rows flagged or rejected; null when there are none. */
  hateRecall: number | null;
  /** Share of `clean` rows flagged or rejected. */
  falsePositiveRate: number;
}

/** What the whole verdict must reach on the development set (whole file), and its speed on one thread. */
export const developmentSetBar = Object.freeze({
  f1: 0.975,
  falsePositiveRate: 0.03,
  hateRecall: 0.9,
  messagesPerSecond: 20_000,
});

/** The development set, kept with the worker (worker/data/README.md gives its source and licence). */
export const devSetPath = fileURLToPath(new URL("../../data/moderation-dev.csv", import.meta.url));

export function readLabelledCsv(path: string): LabelledMessage[] {
  const records = parseCsvRecords(readFileSync(path, "utf8")).filter((record) =>
    Object.values(record).some((field) => field !== ""),
  );
  return records.map((record, index) => {
    const { label, class: hateClass = "", kind = "", text } = record;
    if ((label !== "flag" && label !== "clean") || text === undefined) {
      throw new Error(
        `${path}: record ${index + 1} has label ${JSON.stringify(label)} and ${text === undefined ? "no" : "a"} text column`,
      );
    }
    return { flag: label === "flag", hateClass, kind, text };
  });
}

export function flags(text: string, policy: ModerationPolicy): boolean {
  return assess(text, policy).status !== "APPROVED";
}

/** Precision, recall and F1 of a flagger from its counts; 0 where a count it divides by is 0. */
export function precisionAndRecall(truePositives: number, falsePositives: number, flagged: number) {
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, flagged);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

export function measureQuality(messages: readonly LabelledMessage[], policy: ModerationPolicy): QualityFigures {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let clean = 0;
  let hate = 0;
  let hateFlagged = 0;
  for (const message of messages) {
    const flagged = flags(message.text, policy);
    if (flagged && message.flag) truePositives++;
    else if (flagged) falsePositives++;
    else if (message.flag) falseNegatives++;
    if (!message.flag) clean++;
    if (message.hateClass === "hate") {
      hate++;
      if (flagged) hateFlagged++;
    }
  }
  return {
    messages: messages.length,
    flagged: messages.length - clean,
    clean,
    hate,
    ...precisionAndRecall(truePositives, falsePositives, truePositives + falseNegatives),
    hateRecall: hate === 0 ? null : hateFlagged / hate,
    falsePositiveRate: clean === 0 ? 0 : falsePositives / clean,
  };
}

export interface KindFigures {
  kind: string;
  /** Rows labelled flag: `correct` counts those caught (flagged or rejected); otherwise those passed. */
  abusive: boolean;
  messages: number;
  correct: number;
}

/**
 * Per kind of message, how many abusive ones the verdict catches and how many innocent ones it passes.
 * A kind whose rows carry both labels gets one line per label; kinds keep the file's order.
 */
export function measureByKind(messages: readonly LabelledMessage[], policy: ModerationPolicy): KindFigures[] {
  const byKind = new Map<string, KindFigures>();
  for (const message of messages) {
    const key = `${message.kind}:${message.flag}`;
    let figures = byKind.get(key);
    if (figures === undefined) {
      figures = { kind: message.kind, abusive: message.flag, messages: 0, correct: 0 };
      byKind.set(key, figures);
    }
    figures.messages++;
    if (flags(message.text, policy) === message.flag) figures.correct++;
  }
  return [...byKind.values()];
}

export interface Throughput {
  /** Messages per second of the median pass; min and max of all timed passes. */
  median: number;
  min: number;
  max: number;
  passes: number;
}

/**
 * Messages per second through the whole verdict (assess()) on this thread: two warm-up passes, then `passes` timed
 * passes, each over at least 20,000 messages (a small file is repeated).
 */
export function measureThroughput(messages: readonly string[], policy: ModerationPolicy, passes = 7): Throughput {
  const texts =
    messages.length === 0 ? [] : Array.from({ length: Math.ceil(20_000 / messages.length) }, () => messages).flat();
  let sink = 0;
  for (let warmUp = 0; warmUp < 2; warmUp++) for (const text of texts) sink += assess(text, policy).reasons.length;
  const rates: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    for (const text of texts) sink += assess(text, policy).reasons.length;
    rates.push(texts.length / ((performance.now() - started) / 1000));
  }
  // Using the results keeps the work from being optimised away.
  if (sink < 0) throw new Error("unreachable");
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(rates.length / 2)] ?? 0, min: rates[0] ?? 0, max: rates.at(-1) ?? 0, passes };
}
