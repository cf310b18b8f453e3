// The worker's warm-up: its messages must keep taking the paths real messages take, or the code
// the first real ones run would still be compiled while they wait.

import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { roomPolicy } from "../src/policy.ts";
import { WARM_UP_TEXTS, warmUpModeration } from "../src/warm-up.ts";

const verdicts = WARM_UP_TEXTS.map((text) => assess(text, roomPolicy(null, "POST")));

describe("the warm-up messages", () => {
  it("reach every verdict the worker gives", () => {
    expect(new Set(verdicts.map((verdict) => verdict.status))).toEqual(new Set(["APPROVED", "FLAGGED", "REJECTED"]));
  });

  it("read words of other languages' lists, and words mentioned rather than used", () => {
    const terms = verdicts.flatMap((verdict) => verdict.matchedTerms);
    expect(new Set(terms.map((term) => term.language).filter(Boolean))).toEqual(new Set(["de", "es", "fr", "it"]));
    expect(new Set(terms.map((term) => term.mention).filter(Boolean))).toEqual(
      new Set(["banter", "reported", "another language", "name"]),
    );
  });

  it("include a long message", () => {
    expect(Math.max(...WARM_UP_TEXTS.map((text) => text.length))).toBeGreaterThan(1_000);
  });

  it("run without an error", () => {
    expect(() => warmUpModeration()).not.toThrow();
  });
});
