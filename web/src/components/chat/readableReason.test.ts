import { describe, expect, it } from "vitest";
import { message } from "../../testing/fixtures.ts";
import { readableReason } from "./readableReason.ts";

describe("readableReason", () => {
  it("gives the API's own words, as it wrote them for this viewer", () => {
    // Another member, for a masked message; the author (or a moderator), with the verdict's reasons.
    expect(readableReason(message(1, { moderationReason: "Hidden: an insult aimed at someone." }))).toBe(
      "Hidden: an insult aimed at someone.",
    );
    const flagged = message(2, {
      moderationStatus: "FLAGGED",
      moderationReason: "Flagged for review: an insult aimed at someone and a threat of violence.",
      moderationDetails: { reasons: ["an insult aimed at someone", "a threat of violence"] },
    });
    expect(readableReason(flagged)).toBe("Flagged for review: an insult aimed at someone and a threat of violence.");
    expect(readableReason(message(3, { moderationReason: "Held for review after reports." }))).toBe(
      "Held for review after reports.",
    );
  });

  it("falls back on the verdict's plain reasons, and says nothing when there is nothing to say", () => {
    const reasons = ["a threat of violence"];
    expect(readableReason(message(1, { moderationReason: null, moderationDetails: { reasons } }))).toBe(
      "A threat of violence.",
    );
    expect(readableReason(message(2, { moderationReason: null, moderationDetails: { reasons: [] } }))).toBeNull();
    expect(readableReason(message(3))).toBeNull();
  });
});
