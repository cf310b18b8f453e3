import { describe, expect, it } from "vitest";
import { message } from "../testing/fixtures.ts";
import { previewWords, replyExcerpt } from "./replying.ts";

const preview = (overrides = {}) => ({
  id: "m1",
  seq: 1,
  deleted: false,
  visibility: "VISIBLE" as const,
  excerpt: "see you at noon",
  author: { id: "u-alice", username: "alice" },
  ...overrides,
});

describe("quoted previews", () => {
  it("say who and what, or why there is nothing to quote", () => {
    expect(previewWords(preview())).toEqual({ author: "alice", text: "see you at noon" });
    expect(previewWords(preview({ deleted: true, excerpt: null }))).toEqual({
      author: "alice",
      text: "Original message deleted",
    });
    expect(previewWords(preview({ visibility: "HIDDEN", excerpt: null, author: null }))).toEqual({
      author: null,
      text: "Original message hidden",
    });
    expect(previewWords(preview({ visibility: "MASKED", excerpt: null })).text).toBe("Message hidden by moderation");
  });

  it("quote the start of a long message in the composer, whitespace folded", () => {
    expect(replyExcerpt(message(1, { text: "  two\\n lines " }))).toBe("two\\n lines");
    expect(replyExcerpt(message(1, { text: "two\n  lines" }))).toBe("two lines");
    const long = replyExcerpt(message(1, { text: "word ".repeat(40) }), 20);
    expect([...long]).toHaveLength(20);
    expect(long.endsWith("…")).toBe(true);
    expect(replyExcerpt(message(1, { text: null }))).toBe("a message");
  });
});
