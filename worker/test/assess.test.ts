// assess(): what the classifier reads of a message once the rules have read it.

import { describe, expect, it } from "vitest";
import { assess, read } from "../src/moderation/assess.ts";
import { moderationClassifier } from "../src/moderation/classifier.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
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
