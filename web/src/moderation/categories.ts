// The kinds of harm the learned classifier scores, in words for moderators and room owners.
// The API names them by enum value (IDENTITY_ATTACK); a Record over the generated union makes a
// category added to the schema fail the typecheck here rather than show its raw name.
import type { ModerationCategory } from "../gql/graphql.ts";

const categories: Readonly<Record<ModerationCategory, { name: string; hint: string }>> = {
  TOXICITY: { name: "hostile language", hint: "Hostile or abusive language of any kind." },
  INSULT: { name: "insult", hint: "Name-calling and degrading remarks aimed at someone." },
  THREAT: { name: "threat", hint: "Threats of violence, however politely or conditionally phrased." },
  IDENTITY_ATTACK: {
    name: "identity attack",
    hint: "Attacks on people for who they are: ethnicity, religion, gender, sexuality, disability…",
  },
  SEXUAL_OBSCENE: { name: "sexual or obscene", hint: "Sexual or obscene content." },
  HARASSMENT: { name: "harassment", hint: "Belittling, shaming, stalking or excluding a person." },
  SELF_HARM: { name: "self-harm", hint: "Encouraging someone to hurt or kill themselves." },
};

/** "identity attack". */
export const categoryName = (category: ModerationCategory) => categories[category].name;

/** What the category covers, in a sentence. */
export const categoryHint = (category: ModerationCategory) => categories[category].hint;

/** A classifier score as the room's thresholds are written: two decimals, 0 to 1 ("0.91"). */
export const formatScore = (score: number) => score.toFixed(2);
