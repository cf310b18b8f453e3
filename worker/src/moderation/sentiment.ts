// Sentiment from the `sentiment` package (AFINN-165 word scores), reduced to what a verdict stores.
// Its tokenizer, word scores and negators, read by our own loop: its analyze() builds an object per
// scored word and looks its language up per token, which was most of its time; the scores are its own.

import { createRequire } from "node:module";
import type { SentimentSummary } from "./verdict.ts";

const require = createRequire(import.meta.url);
const tokenize = require("sentiment/lib/tokenize") as (text: string) => string[];
// The package adds its emoji scores to AFINN's words when it loads.
const wordScoreOf: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ...(require("sentiment/languages/en/labels.json") as Record<string, number>),
    ...(require("sentiment/build/emoji.json") as Record<string, number>),
  }),
);
// "not good": a word after one of these scores the opposite. Read as the package reads it, as any
// property of the object (an inherited one such as "constructor" too), so that every score stays its own.
const negators = require("sentiment/languages/en/negators.json") as Record<string, unknown>;

export interface SentimentAnalysis {
  summary: SentimentSummary;
  tokenCount: number;
  /** Each scored word with its score (after the package's negation handling). */
  wordScores: [word: string, score: number][];
}

export function analyzeSentiment(text: string): SentimentAnalysis {
  const tokens = tokenize(text);
  let score = 0;
  const negativeWords: string[] = [];
  const wordScores: [string, number][] = [];
  // From the last token to the first, as the package walks them.
  for (let i = tokens.length - 1; i >= 0; i--) {
    const word = tokens[i] ?? "";
    let wordScore = wordScoreOf.get(word);
    if (wordScore === undefined) continue;
    if (i > 0 && negators[tokens[i - 1] ?? ""]) wordScore = -wordScore;
    if (wordScore < 0) negativeWords.push(word);
    score += wordScore;
    wordScores.push([word, wordScore]);
  }
  return {
    // Reported in message order.
    summary: {
      score,
      comparative: tokens.length > 0 ? score / tokens.length : 0,
      negativeWords: negativeWords.reverse(),
    },
    tokenCount: tokens.length,
    wordScores,
  };
}

/** Comparative score without the words that contain one of `terms` ("pissed" for "piss"): how hostile the rest is. */
export function comparativeWithout(analysis: SentimentAnalysis, terms: readonly string[]): number {
  if (analysis.tokenCount === 0) return 0;
  let score = analysis.summary.score;
  for (const [word, wordScore] of analysis.wordScores)
    if (terms.some((term) => word.includes(term))) score -= wordScore;
  return score / analysis.tokenCount;
}
