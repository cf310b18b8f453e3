import { defaultCategoryThresholds, moderationCategories } from "@chatmod/core/moderation-categories";
import { describe, expect, it } from "vitest";
import type { CategoryScores } from "../src/moderation/classifier.ts";
import { decide, defaultCombination } from "../src/moderation/decide.ts";
import { defaultPolicy, type ModerationPolicy } from "../src/moderation/policy.ts";
import type { MatchedTerm, RulesVerdict } from "../src/moderation/verdict.ts";

// decide() on hand-made readings: what the rules found and what the classifier scored.

const quiet = Object.fromEntries(moderationCategories.map((category) => [category, 0.01])) as CategoryScores;
const scores = (overrides: Partial<CategoryScores>): CategoryScores => ({ ...quiet, ...overrides });

function rules(terms: Partial<MatchedTerm>[] = [], hostileTo: RulesVerdict["hostileTo"] = null): RulesVerdict {
  return {
    status: "APPROVED",
    matchedTerms: terms.map((term) => ({
      term: "idiot",
      category: "insult",
      severity: "moderate",
      excerpt: term.term ?? "idiot",
      mention: null,
      disguised: false,
      counted: true,
      ...term,
    })),
    hostileTo,
    friendly: null,
    groupMention: null,
    sentiment: { score: -3, comparative: -1, negativeWords: ["idiot"] },
    severity: "moderate",
    rulesVersion: "test",
  };
}

describe("decide", () => {
  it("approves when nothing is found and every score is under its threshold", () => {
    expect(decide(rules(), quiet, defaultPolicy)).toEqual({ status: "APPROVED", reasons: [], evidence: [] });
  });

  it("flags a counted word the classifier agrees is hostile, and says why in plain words", () => {
    const decision = decide(rules([{}]), scores({ toxicity: 0.7 }), defaultPolicy);
    expect(decision.status).toBe("FLAGGED");
    expect(decision.reasons).toEqual(["an insult aimed at someone"]);
    expect(decision.evidence).toEqual(['"idiot": insult, moderate']);
  });

  it("lets the classifier clear a moderate word in a harmless message, never a severe or disguised one", () => {
    const harmless = scores({ toxicity: 0.05 });
    expect(decide(rules([{}]), harmless, defaultPolicy).status).toBe("APPROVED");
    expect(decide(rules([{}]), harmless, defaultPolicy).evidence[0]).toMatch(/cleared/);
    expect(decide(rules([{ disguised: true, excerpt: "id1ot" }]), harmless, defaultPolicy).status).toBe("FLAGGED");
    const slur = { term: "slur", category: "slur" as const, severity: "severe" as const };
    expect(decide(rules([slur]), harmless, defaultPolicy).status).not.toBe("APPROVED");
  });

  it("rejects on a severe word only when the classifier agrees; otherwise a moderator decides", () => {
    const slur = { term: "slur", category: "slur" as const, severity: "severe" as const };
    expect(decide(rules([slur]), scores({ toxicity: 0.9 }), defaultPolicy).status).toBe("REJECTED");
    expect(decide(rules([slur]), scores({ toxicity: 0.2 }), defaultPolicy).status).toBe("FLAGGED");
    expect(decide(rules([slur]), scores({ toxicity: 0.9 }), defaultPolicy).reasons).toEqual([
      "an attack on people for who they are",
    ]);
  });

  it("never clears a room's blocked word", () => {
    const blocked = { term: "crypto", category: "blocked" as const };
    const decision = decide(rules([blocked]), quiet, defaultPolicy);
    expect(decision.status).toBe("FLAGGED");
    expect(decision.reasons).toEqual(["a word this room does not allow"]);
  });

  it("does not count a word mentioned rather than used, and says how it was read", () => {
    const quoted = decide(rules([{ mention: "reported", counted: false }]), quiet, defaultPolicy);
    expect(quoted.status).toBe("APPROVED");
    expect(quoted.evidence).toEqual(['"idiot": insult, moderate, not counted (reported ("called me a", "the word"))']);
  });

  it("flags on a category score over the room's threshold, with toxicity behind it", () => {
    const threat = scores({ threat: 0.9, toxicity: 0.6 });
    expect(decide(rules(), threat, defaultPolicy)).toMatchObject({
      status: "FLAGGED",
      reasons: ["a threat of violence"],
    });
    // A fair threat score with no toxicity at all: a friendly "see you on friday" is not a threat.
    const calm = defaultCombination.fineCategoryGate / 2;
    expect(decide(rules(), scores({ threat: 0.8, toxicity: calm }), defaultPolicy).status).toBe("APPROVED");
    expect(decide(rules(), scores({ threat: 0.99, toxicity: 0.99 }), defaultPolicy).status).toBe("REJECTED");
  });

  it("flags a threat the threat output is sure of in calm words, and leaves its rejection to a moderator", () => {
    const veiled = scores({ threat: 0.99, toxicity: defaultCombination.fineCategoryGate / 2 });
    expect(decide(rules(), veiled, defaultPolicy)).toMatchObject({
      status: "FLAGGED",
      reasons: ["a threat of violence"],
    });
    // No other finer category counts alone, however sure.
    expect(
      decide(rules(), scores({ self_harm: 0.99, insult: 0.99, toxicity: veiled.toxicity }), defaultPolicy).status,
    ).toBe("APPROVED");
    expect(decide(rules(), veiled, defaultPolicy, { ...defaultCombination, threatAlone: 1 }).status).toBe("APPROVED");
  });

  it("follows a room's own thresholds: stricter, laxer, or never", () => {
    const insult = scores({ insult: 0.3, toxicity: 0.6 });
    const strict: ModerationPolicy = {
      ...defaultPolicy,
      categoryThresholds: { ...defaultCategoryThresholds, insult: { flag: 0.2, reject: 0.25 } },
    };
    const never: ModerationPolicy = {
      ...defaultPolicy,
      categoryThresholds: { ...defaultCategoryThresholds, toxicity: { flag: 1, reject: 1 } },
    };
    expect(decide(rules(), insult, defaultPolicy).status).toBe("APPROVED");
    expect(decide(rules(), insult, strict).status).toBe("REJECTED");
    expect(decide(rules(), scores({ toxicity: 0.999 }), never).status).toBe("APPROVED");
  });

  it("names each concern once, the most precise first, never a score or a quoted word", () => {
    const decision = decide(
      rules([{}, { term: "kill yourself", category: "threat", severity: "severe", excerpt: "kys" }]),
      scores({ toxicity: 0.95, insult: 0.9, self_harm: 0.9 }),
      defaultPolicy,
    );
    expect(decision.reasons).toEqual(["encouraging someone to harm themselves", "an insult aimed at someone"]);
    expect(decision.reasons.join(" ")).not.toMatch(/[0-9"]|kys|idiot|toxicity/);
  });
});
