import { defaultCategoryThresholds } from "@chatmod/core/moderation-categories";
import { describe, expect, it } from "vitest";
import { defaultPolicy, defaultThresholds } from "../src/moderation/policy.ts";
import { roomPolicy } from "../src/policy.ts";

describe("roomPolicy", () => {
  it("is the default policy for an empty or unreadable setting", () => {
    for (const stored of [{}, null, undefined, "strict", 42, []])
      expect(roomPolicy(stored, "POST")).toEqual({ ...defaultPolicy, thresholds: { ...defaultThresholds } });
  });

  it("takes the mode as given", () => {
    expect(roomPolicy({}, "PRE").mode).toBe("PRE");
  });

  it("merges thresholds key by key over the defaults", () => {
    const policy = roomPolicy({ thresholds: { flagSeverity: "mild", sentimentFlagScore: -8 } }, "POST");
    expect(policy.thresholds).toEqual({ ...defaultThresholds, flagSeverity: "mild", sentimentFlagScore: -8 });
  });

  it("accepts rejectSeverity 'never' and a null sentimentFlagScore", () => {
    const policy = roomPolicy({ thresholds: { rejectSeverity: "never", sentimentFlagScore: null } }, "POST");
    expect(policy.thresholds.rejectSeverity).toBe("never");
    expect(policy.thresholds.sentimentFlagScore).toBeNull();
  });

  it("ignores invalid values and unknown keys", () => {
    const policy = roomPolicy(
      {
        thresholds: { flagSeverity: "extreme", rejectSeverity: 3, hostileComparative: "low", sentimentFlagScore: NaN },
        categoryThresholds: { insult: { flag: 7, reject: 0.9 }, threat: "high", spam: { flag: 0.5 } },
        blockedTerms: "crypto",
        allowedTerms: ["ok", 7, "  ", " spaced "],
        mode: "PRE",
        extra: true,
      },
      "POST",
    );
    expect(policy).toEqual({
      mode: "POST",
      thresholds: { ...defaultThresholds },
      categoryThresholds: {
        ...defaultCategoryThresholds,
        insult: { flag: defaultCategoryThresholds.insult.flag, reject: 0.9 },
      },
      blockedTerms: [],
      allowedTerms: ["ok", "spaced"],
    });
  });

  it("merges a room's category thresholds over the defaults, key by key", () => {
    const policy = roomPolicy({ categoryThresholds: { threat: { flag: 0.3 }, self_harm: { reject: 0.5 } } }, "POST");
    expect(policy.categoryThresholds.threat).toEqual({ flag: 0.3, reject: defaultCategoryThresholds.threat.reject });
    expect(policy.categoryThresholds.self_harm).toEqual({
      flag: defaultCategoryThresholds.self_harm.flag,
      reject: 0.5,
    });
    expect(policy.categoryThresholds.insult).toEqual(defaultCategoryThresholds.insult);
  });

  it("keeps the room's term lists", () => {
    const policy = roomPolicy({ blockedTerms: ["crypto"], allowedTerms: ["hoe"] }, "POST");
    expect(policy.blockedTerms).toEqual(["crypto"]);
    expect(policy.allowedTerms).toEqual(["hoe"]);
  });
});
