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
      blockedTerms: [],
      allowedTerms: ["ok", "spaced"],
    });
  });

  it("keeps the room's term lists", () => {
    const policy = roomPolicy({ blockedTerms: ["crypto"], allowedTerms: ["hoe"] }, "POST");
    expect(policy.blockedTerms).toEqual(["crypto"]);
    expect(policy.allowedTerms).toEqual(["hoe"]);
  });
});
