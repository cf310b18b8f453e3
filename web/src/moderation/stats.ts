import type { RoomFiguresFragment } from "../gql/graphql.ts";

export type RoomFigures = RoomFiguresFragment;
export type SentimentShare = {
  key: "positive" | "neutral" | "negative";
  label: string;
  count: number;
  percent: number;
};

/**
 * The sentiment split as whole percentages that add up to 100 (largest
 * remainders get the leftover points), or none when nothing was scored.
 */
export function sentimentShares(stats: RoomFigures): SentimentShare[] {
  const parts = [
    { key: "positive" as const, label: "Positive", count: stats.sentimentPositive },
    { key: "neutral" as const, label: "Neutral", count: stats.sentimentNeutral },
    { key: "negative" as const, label: "Negative", count: stats.sentimentNegative },
  ];
  const total = parts.reduce((sum, part) => sum + part.count, 0);
  if (total === 0) return parts.map((part) => ({ ...part, percent: 0 }));
  const exact = parts.map((part) => (part.count / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, value) => sum + value, 0);
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    left -= 1;
  }
  return parts.map((part, index) => ({ ...part, percent: floors[index] ?? 0 }));
}

/** Messages waiting for a person: pending, flagged and held. */
export const needsReview = (stats: RoomFigures) => stats.pending + stats.flagged + stats.heldForReview;
