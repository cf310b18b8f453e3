// assess(): text + policy -> the verdict the worker stores. The word rules (moderate()) and the
// learned classifier read the message; decide() combines them. Pure but for the model, read once.

import { type ModerationClassifier, moderationClassifier } from "./classifier.ts";
import { decide } from "./decide.ts";
import { moderate } from "./moderate.ts";
import type { ModerationPolicy } from "./policy.ts";
import type { ModerationVerdict } from "./verdict.ts";

export function assess(
  text: string,
  policy: ModerationPolicy,
  classifier: ModerationClassifier = moderationClassifier(),
): ModerationVerdict {
  const rules = moderate(text, policy);
  const scores = classifier.score(text);
  const { status, reasons, evidence } = decide(rules, scores, policy);
  const categories = { ...scores };
  // Three decimals: what a moderator can read, and a smaller row.
  for (const category of Object.keys(categories) as (keyof typeof categories)[])
    categories[category] = Math.round(categories[category] * 1000) / 1000;
  return { ...rules, status, reasons, evidence, categories, modelVersion: classifier.version };
}
