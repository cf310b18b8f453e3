// Before the worker takes its first job: the classifier read from disk and the verdict's code compiled.

import { assess } from "./moderation/assess.ts";
import { moderationClassifier } from "./moderation/classifier.ts";
import { roomPolicy } from "./policy.ts";

/**
 * Messages that take the verdict's main paths: clean and abusive, obfuscated, quoted, in the
 * languages the rules read, with a room's own terms, and one long message. Read a few times each,
 * so the code they run is compiled before real messages wait on it.
 */
export const WARM_UP_TEXTS = [
  "hello there, how is everyone doing today?",
  "you are a fucking idiot",
  "f.u.c.k you, y0u st00pid b!tch",
  "I will kill you if you show up tomorrow",
  "I'm gonna kill you for posting that photo 😂",
  'he called me a "retard" and got banned, good',
  "go jump off a bridge, nobody wants you here",
  "du bist so ein Arschloch",
  "eres un idiota y un pendejo",
  "t'es vraiment un connard",
  "você é um idiota",
  "sei un coglione",
  "hoe oud ben jij?",
  "we visited Scunthorpe and Phuket last summer",
  "my Muslim neighbour helped me move house",
  "check https://example.com/path?q=1 and tell @sam",
  "lovely weather, see you at the meeting tomorrow. ".repeat(40),
];
const PASSES = 20;

/**
 * Loads the model (about 80 ms on a quiet machine: the first message moderated paid it, and every
 * message waiting behind it in the batch) and runs the verdict over WARM_UP_TEXTS, on this thread.
 */
export function warmUpModeration(): void {
  moderationClassifier();
  const policies = [roomPolicy(null, "POST"), roomPolicy({ blockedTerms: ["pineapple"] }, "PRE")];
  for (let pass = 0; pass < PASSES; pass++)
    for (const text of WARM_UP_TEXTS) assess(text, policies[pass % policies.length]!);
}
