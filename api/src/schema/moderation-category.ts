import { type ModerationCategory as Category, moderationCategories } from "@chatmod/core/moderation-categories";
import { builder } from "./builder.ts";

export type ModerationCategoryName = Category;

const descriptions: Record<Category, string> = {
  toxicity: "Hostile or abusive language of any kind.",
  insult: "Name-calling and degrading remarks aimed at someone.",
  threat: "Threats of violence, however politely or conditionally phrased.",
  identity_attack: "Attacks on people for who they are: ethnicity, religion, gender, sexuality, disability...",
  sexual_obscene: "Sexual or obscene content.",
  harassment: "Belittling, shaming, stalking or excluding a person.",
  self_harm: "Encouraging someone to hurt or kill themselves.",
};

/** The kinds of harm the automatic moderator scores (its value is the stored name, e.g. `identity_attack`). */
export const ModerationCategory = builder.enumType("ModerationCategory", {
  description: "A kind of harm the automatic moderator scores from 0 to 1, like Perspective's attributes.",
  values: Object.fromEntries(
    moderationCategories.map((category) => [
      category.toUpperCase(),
      { value: category, description: descriptions[category] },
    ]),
  ) as Record<Uppercase<Category>, { value: Category; description: string }>,
});

export function isModerationCategory(name: string): name is Category {
  return (moderationCategories as readonly string[]).includes(name);
}
