import { describe, expect, it } from "vitest";
import { message, reviewMessage } from "../testing/fixtures.ts";
import { readableReason } from "./readableReason.ts";

const reason = (moderationReason: string | null) => readableReason(message(1, { moderationReason }));

describe("readableReason", () => {
  it("names the terms that counted as the review queue does, without the verdict's workings", () => {
    expect(
      reason(
        'profanity "fuck" (moderate) matched "fuck"; insult "idiot" (mild) matched "idiot", not counted: below moderate and sentiment comparative without it 0 > -0.5',
      ),
    ).toBe("Profanity: “fuck” (moderate)");
    expect(
      reason(
        'insult "idiot" (mild) matched "1d10t" in a hostile message (sentiment comparative without it -0.8 <= -0.5); blocked "spoiler" (moderate) matched "spoiler"',
      ),
    ).toBe("Insult: “idiot” (mild) · Blocked: “spoiler” (moderate)");
  });

  it("otherwise gives the first reason, in words", () => {
    expect(
      reason(
        'insult "idiot" (mild) matched "idiot", not counted: below moderate; sentiment score -9 <= -5 (negative words: hate, awful)',
      ),
    ).toBe("Negative words: hate, awful");
    expect(
      reason(
        "hostile words said of the person addressed (sentiment comparative -0.8 <= -0.5; negative words: worthless)",
      ),
    ).toBe("Hostile words said of the person addressed (negative words: worthless)");
    expect(reason("Held for review after reports.")).toBe("Held for review after reports.");
    expect(reason(null)).toBeNull();
  });

  it("uses the verdict's details when the API sends them", () => {
    const { moderationDetails } = reviewMessage(1, {
      moderationDetails: {
        reasons: ["raw"],
        severity: "moderate",
        matchedTerms: [{ term: "fuck", category: "profanity", severity: "moderate" }],
      },
    });
    expect(readableReason({ ...message(1, { moderationReason: "raw" }), moderationDetails })).toBe(
      "Profanity: “fuck” (moderate)",
    );
  });
});
