// Sentiment from the `sentiment` package (AFINN-165 word scores), reduced to what a verdict stores.

import Sentiment from "sentiment";
import type { SentimentSummary } from "./verdict.ts";

const analyzer = new Sentiment();

export interface SentimentAnalysis {
  summary: SentimentSummary;
  tokenCount: number;
  /** Each scored word with its score (after the package's negation handling). */
  wordScores: [word: string, score: number][];
}

export function analyzeSentiment(text: string): SentimentAnalysis {
  const result = analyzer.analyze(text);
  const wordScores: [string, number][] = [];
  for (const scored of result.calculation)
    for (const [word, score] of Object.entries(scored)) wordScores.push([word, score]);
  return {
    // The package walks tokens from the end; report negative words in message order.
    summary: { score: result.score, comparative: result.comparative, negativeWords: result.negative.toReversed() },
    tokenCount: result.tokens.length,
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
