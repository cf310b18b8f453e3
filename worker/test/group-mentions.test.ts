import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { groupMentionOnly } from "../src/moderation/group-mentions.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";

// Sentences written for this test; none is taken from the adversarial set or the fairness templates.
const mentionOf = (text: string) => groupMentionOnly(foldForMatching(text));

describe("a message that only names a group", () => {
  it.each(["lesbians?", "Black women 💜", "jews", "muslim women", "orthodox jews", "Nigerians!"])(
    "is a bare name: %s",
    (text) => {
      expect(mentionOf(text)).toBe("named");
    },
  );

  it.each([
    "Trans women are women.",
    "a trans man is a man",
    "gay people are just people",
    "refugees are welcome here",
    "immigrants are people too",
    "black lives matter",
    "trans rights are human rights",
    "solidarity with refugees everywhere",
    "las mujeres trans son mujeres",
    "les réfugiés c'est des gens comme nous",
    "Flüchtlinge sind auch nur Menschen",
    "imigrantes são pessoas também",
    "le donne trans sono donne",
    "vluchtelingen zijn ook gewoon mensen",
    "kein Mensch ist illegal",
  ])("is an affirmation: %s", (text) => {
    expect(mentionOf(text)).toBe("affirmed");
    const verdict = assess(text, defaultPolicy);
    expect(verdict.status).toBe("APPROVED");
  });

  it("tells moderators why the classifier's scores did not count", () => {
    const verdict = assess("trans women are women", defaultPolicy);
    expect(verdict.groupMention).toBe("affirmed");
    expect(verdict.evidence.join("\n")).toContain("not counted (affirms a group and says nothing more)");
  });
});

describe("anything more said of the group", () => {
  it.each([
    "trans women are men",
    "a trans woman is a man in a dress",
    "immigrants are people too, but they should all go home",
    "jews control the media",
    "muslims are terrorists",
    "women are property",
    "refugees are welcome here... to leave",
    "gays are a disease",
    "los inmigrantes son delincuentes",
  ])("leaves the classifier's reading standing: %s", (text) => {
    expect(mentionOf(text)).toBeNull();
  });

  it("is not read by the rules at all when they found something", () => {
    expect(assess("refugees are vermin", defaultPolicy).groupMention).toBeNull();
  });
});
