import { describe, expect, it } from "vitest";
import { appeal, report } from "../testing/people.ts";
import { acceptEffect, appealedThing } from "./appeals.ts";
import { outcomeInWords, reportSummary, reportWeightInWords } from "./person.ts";

describe("a person's record in words", () => {
  it("sums up reports by outcome", () => {
    expect(reportSummary([])).toBe("None");
    expect(reportSummary([report()])).toBe("1 report: 1 not reviewed");
    expect(
      reportSummary([
        report({ outcome: "UPHELD" }),
        report({ outcome: "DISMISSED" }),
        report({ outcome: "DISMISSED" }),
      ]),
    ).toBe("3 reports: 1 upheld, 2 dismissed");
    expect(outcomeInWords("UPHELD")).toBe("Upheld: the message was removed");
    expect(outcomeInWords(null)).toBe("Not reviewed yet");
  });

  it("explains a report weight below 1", () => {
    expect(reportWeightInWords(1)).toBe("Their reports count in full.");
    expect(reportWeightInWords(0.5)).toBe("Their reports count 0.50 each: earlier reports of theirs were dismissed.");
  });

  it("says what an appeal is about, and what accepting it does", () => {
    const message = {
      id: "m1",
      roomId: "r1",
      text: "hi",
      createdAt: "",
      moderationStatus: "REJECTED" as const,
      moderationReason: null,
    };
    expect(appealedThing(appeal({ message, sanction: null }))).toBe("A removed message");
    expect(acceptEffect(appeal({ message, sanction: null }))).toBe("Accepting restores the message.");
    expect(appealedThing(appeal())).toBe("A timeout of 1 hour");
    expect(acceptEffect(appeal())).toBe("Accepting lifts the timeout.");
    const ban = appeal().sanction;
    expect(appealedThing(appeal({ sanction: ban && { ...ban, kind: "BAN", endsAt: null } }))).toBe("A ban with no end");
    expect(acceptEffect(appeal({ sanction: ban && { ...ban, inForce: false } }))).toBe(
      "The sanction has already ended: accepting only tells the person.",
    );
  });
});
