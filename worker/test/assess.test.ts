// assess(): what the classifier reads of a message once the rules have read it.

import { describe, expect, it } from "vitest";
import { assess, read } from "../src/moderation/assess.ts";
import { moderationClassifier } from "../src/moderation/classifier.ts";
import { deniedJudgements } from "../src/moderation/denied-judgements.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { reportedClauses } from "../src/moderation/reported-speech.ts";
import { roomPolicy } from "../src/policy.ts";

const policy = roomPolicy({}, "POST");
const classifier = moderationClassifier();

describe("a listed word read in an innocent sense", () => {
  it("is not read by the classifier either", () => {
    // The rules read the sense (a willow, a rake nearby); the classifier reads only words.
    for (const [text, word] of [
      ["the pussy willow is blooming", "pussy"],
      ["grab the hoe and the rake", "hoe"],
    ] as const) {
      const folded = foldForMatching(text);
      const blanked = folded.replace(word, " ".repeat(word.length));
      expect(read(text, policy).scores, text).toEqual(classifier.scoreFolded(blanked));
    }
  });

  it("leaves such messages approved", () => {
    for (const text of [
      "the pussy willow is blooming",
      "my cat is a pussy cat",
      "grab the hoe and the rake",
      "the cock crowed at dawn",
      "the Dutch reinforced the dyke before the flood",
    ])
      expect(assess(text, policy).status, text).toBe("APPROVED");
  });

  it("still counts when said to someone, whatever the garden around it", () => {
    const verdict = assess("you dirty hoe, go back to your garden", policy);
    expect(verdict.status).not.toBe("APPROVED");
    expect(verdict.matchedTerms.map((term) => term.term)).toContain("hoe");
  });
});

describe("banter", () => {
  it("a game's or a joke's threat is not read as one, by the rules or the classifier", () => {
    for (const text of [
      "I'll destroy you in the next match lol",
      "gg, I will destroy you next round",
      "I'm gonna kill you for posting that photo 😂",
    ]) {
      const verdict = assess(text, policy);
      expect(verdict.status, text).toBe("APPROVED");
      expect(verdict.friendly, text).not.toBeNull();
    }
  });

  it("the same threat unmarked still counts, and so do a death wish and an insult with a laugh", () => {
    expect(assess("I will destroy you", policy).status).not.toBe("APPROVED");
    expect(assess("kill yourself lol", policy).status).toBe("REJECTED");
    expect(assess("you are a worthless idiot lol", policy).status).not.toBe("APPROVED");
  });
});

describe("support that repeats a put-down, and reports of abuse without quotation marks", () => {
  const spansOf = (find: (folded: string) => [number, number][], text: string) => {
    const folded = foldForMatching(text);
    return find(folded).map(([from, to]) => folded.slice(from, to));
  };

  it("hides a harsh word denied of the person addressed from the classifier, and only that", () => {
    expect(spansOf(deniedJudgements, "you're not stupid for asking, ur not a failure")).toEqual([
      "you're not stupid",
      "ur not a failure",
    ]);
    expect(spansOf(deniedJudgements, "nobody should tell you you're worthless")).toEqual([
      "nobody should tell you you're worthless",
    ]);
    // A state, not a judgement: agreement or comfort, which an insult may follow.
    expect(spansOf(deniedJudgements, "no, you're not wrong. you're not alone")).toEqual([]);
    expect(spansOf(deniedJudgements, "you're not welcome here")).toEqual([]);
  });

  it("approves the support and still reads an insult beside it", () => {
    for (const text of [
      "nobody should tell you you're worthless, report them",
      "you aren't ugly, whoever said that is just bitter",
    ])
      expect(assess(text, policy).status, text).toBe("APPROVED");
    expect(assess("you're not stupid, you're just a lazy idiot", policy).status).not.toBe("APPROVED");
  });

  it("hides words retold to be condemned, when someone else said them", () => {
    expect(
      spansOf(reportedClauses, "Reported the account that posted immigrants should all be deported. Disgusting."),
    ).toEqual(["immigrants should all be deported"]);
    expect(spansOf(reportedClauses, "Saying gay people are sick isn't a joke. Homophobia is not banter.")).toEqual([
      "gay people are sick isn't a joke",
    ]);
    // Named by the noun after it, in another language, and with the writer's plea after a comma.
    expect(spansOf(reportedClauses, "tired of hearing women can't code jokes. not funny")).toEqual([
      "women can't code",
    ]);
    expect(spansOf(reportedClauses, "denunciad esto, dice que los judíos son ratas")).toEqual(["los judios son ratas"]);
    expect(spansOf(reportedClauses, "someone keeps posting trans people are sick in general, mods?")).toEqual([
      "trans people are sick in general",
    ]);
  });

  it("reads them as they are when the writer says them, sides with them, or nobody condemns them", () => {
    for (const text of [
      "I said women are weak and I'd say it again, report me",
      "my uncle said immigrants are lazy and he's right, mods can ban me",
      "people are saying the match got moved to friday",
      "as the coach says you are useless, and racist too",
    ])
      expect(spansOf(reportedClauses, text), text).toEqual([]);
  });
});
