import { describe, expect, it } from "vitest";
import { MAX_MENTIONS, mentionedKeys } from "../src/chat/mentions.ts";

describe("mentionedKeys", () => {
  it("finds @names at the start, after spaces and punctuation, once each, as username keys", () => {
    expect(mentionedKeys("@alice hi (@Bob) and @ALICE, also @carol.")).toEqual(["allce", "bob", "carol"]);
  });

  it("names nobody in an e-mail address, in a word, or with a name too short or too long", () => {
    expect(mentionedKeys("write to alice@example.org, a@b, word@bob, @ab, @" + "x".repeat(33))).toEqual([]);
  });

  it("keeps dots inside a name and drops the ones ending the sentence", () => {
    expect(mentionedKeys("ping @j.doe... and @dash-name_1!")).toEqual(["j.doe", "dash-name_l"]);
  });

  it(`stops at ${MAX_MENTIONS} people`, () => {
    const text = Array.from({ length: MAX_MENTIONS + 5 }, (_, index) => `@person${index}x`).join(" ");
    expect(mentionedKeys(text)).toHaveLength(MAX_MENTIONS);
  });
});
