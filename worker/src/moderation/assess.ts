// What the worker stores for a message: the rules' verdict, with the learned classifier's scores.

import { type CategoryScores, type ModerationClassifier, moderationClassifier } from "./classifier.ts";
import { moderate } from "./moderate.ts";
import type { ModerationPolicy } from "./policy.ts";
import type { ModerationVerdict } from "./verdict.ts";

/** `categories`: a score from 0 to 1 for each category the model was trained on (it has no data for the others). */
export type AssessedVerdict = ModerationVerdict & { categories: Partial<CategoryScores> };

/**
 * The rules decide the status; the classifier's scores are kept with the verdict so that
 * moderators can read them. Combining the two into one decision is the next step.
 */
export function assess(
  text: string,
  policy: ModerationPolicy,
  classifier: ModerationClassifier = moderationClassifier(),
): AssessedVerdict {
  const scores = classifier.score(text);
  const categories: Partial<CategoryScores> = {};
  // Three decimals: what a moderator can read, and a smaller row.
  for (const category of classifier.model.outputs) categories[category] = Math.round(scores[category] * 1000) / 1000;
  return { ...moderate(text, policy), categories };
}
