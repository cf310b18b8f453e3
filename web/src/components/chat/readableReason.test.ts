import { describe, expect, it } from "vitest";
import type { MatchedTerm } from "../../moderation/queue.ts";
import { message } from "../../testing/fixtures.ts";
import { readableReason } from "./readableReason.ts";

/**
 * What the author (or a moderator) reads of a verdict, as the API sends it: its
 * reasons as the worker words them, every term it found (counted or not), and
 * the reasons joined in `moderationReason`.
 */
const judged = (reasons: string[], matchedTerms: MatchedTerm[] = []) =>
  readableReason(
    message(1, {
      moderationStatus: "FLAGGED",
      moderationReason: reasons.join("; "),
      moderationDetails: { reasons, matchedTerms },
    }),
  );
const fuck = { term: "fuck", category: "profanity", severity: "moderate" };
const idiot = { term: "idiot", category: "insult", severity: "mild" };
const spoiler = { term: "spoiler", category: "blocked", severity: "moderate" };

describe("readableReason", () => {
  it("names the terms that counted as the review queue does, without the verdict's workings", () => {
    expect(
      judged(
        [
          'profanity "fuck" (moderate) matched "fuck"',
          'insult "idiot" (mild) matched "idiot", not counted: below moderate and sentiment comparative without it 0 > -0.5',
        ],
        [fuck, idiot],
      ),
    ).toBe("Profanity: “fuck” (moderate)");
    expect(
      judged(
        [
          'insult "idiot" (mild) matched "1d10t" in a hostile message (sentiment comparative without it -0.8 <= -0.5)',
          'blocked "spoiler" (moderate) matched "spoiler"',
        ],
        [idiot, spoiler],
      ),
    ).toBe("Insult: “idiot” (mild) · Blocked: “spoiler” (moderate)");
  });

  it("otherwise gives the first reason that counted, in words", () => {
    expect(
      judged(
        [
          'insult "idiot" (mild) matched "idiot", not counted: below moderate and sentiment comparative without it 0 > -0.5',
          "sentiment score -9 <= -5 (negative words: hate, awful)",
        ],
        [idiot],
      ),
    ).toBe("Negative words: hate, awful");
    expect(
      judged([
        "hostile words said of the person addressed (sentiment comparative -0.8 <= -0.5; negative words: worthless)",
      ]),
    ).toBe("Hostile words said of the person addressed (negative words: worthless)");
  });

  it("names what the verdict found when it counted nothing (a moderator removed the message anyway)", () => {
    expect(
      judged(
        [
          'insult "idiot" (mild) matched "idiot", not counted: below moderate and sentiment comparative without it 0 > -0.5',
        ],
        [idiot],
      ),
    ).toBe("Insult: “idiot” (mild)");
  });

  it("gives the API's own words when there are no details to read (others), or nothing in them", () => {
    const reason = (moderationReason: string | null, reasons?: string[]) =>
      readableReason(
        message(1, { moderationReason, moderationDetails: reasons ? { reasons, matchedTerms: [] } : null }),
      );
    expect(reason("Hidden: flagged for profanity.")).toBe("Hidden: flagged for profanity.");
    expect(reason("Held for review after reports.", [])).toBe("Held for review after reports.");
    expect(reason(null)).toBeNull();
  });
});
