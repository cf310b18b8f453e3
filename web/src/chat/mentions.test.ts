import { describe, expect, it } from "vitest";
import { renderMessageText } from "./markdown.ts";
import { completeMention, isMentionOf, mentionAt, splitMentions } from "./mentions.ts";

describe("mentions in the message box", () => {
  it("finds the name being typed after an @ that starts a word", () => {
    expect(mentionAt("hello @al", 9)).toEqual({ start: 6, query: "al" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("(@bo", 4)).toEqual({ start: 1, query: "bo" });
    // The caret decides: what follows it is not typed yet.
    expect(mentionAt("hi @alice and more", 6)).toEqual({ start: 3, query: "al" });
  });

  it("finds nothing in an address, after a space, or far from the caret", () => {
    expect(mentionAt("mail bob@exa", 12)).toBeNull();
    expect(mentionAt("hi @alice ", 10)).toBeNull();
    expect(mentionAt("no at sign", 10)).toBeNull();
  });

  it("completes the name, replacing what was typed of it, and puts the caret after a space", () => {
    const text = "hi @al, how are you";
    const at = mentionAt(text, 6)!;
    expect(completeMention(text, at, 6, "alice")).toEqual({ text: "hi @alice, how are you", caret: 9 });
    const middle = "hi @alxx there";
    expect(completeMention(middle, mentionAt(middle, 6)!, 6, "alice")).toEqual({ text: "hi @alice there", caret: 9 });
    expect(completeMention("@b", mentionAt("@b", 2)!, 2, "bob")).toEqual({ text: "@bob ", caret: 5 });
  });

  it("tells a mention of a name in any case, with a full stop after it", () => {
    expect(isMentionOf("@Alice.", "alice")).toBe(true);
    expect(isMentionOf("@alicex", "alice")).toBe(false);
  });
});

describe("mentions in a message's text", () => {
  it("are set apart, escaped, but not inside an address, a link or code", () => {
    expect(renderMessageText("hi @alice, mail bob@example.org or see `@code` and https://x.example/@path")).toBe(
      '<p>hi <span class="mention">@alice</span>, mail <a href="mailto:bob@example.org" rel="noopener noreferrer nofollow ugc">bob@example.org</a>' +
        ' or see <code>@code</code> and <a href="https://x.example/@path" target="_blank" rel="noopener noreferrer nofollow ugc">https://x.example/@path</a></p>\n',
    );
    expect(renderMessageText("@bob<img src=x onerror=alert(1)>")).toBe(
      '<p><span class="mention">@bob</span>&lt;img src=x onerror=alert(1)&gt;</p>\n',
    );
  });

  it("split a text into names and the rest, dropping a sentence's full stop and too short names", () => {
    expect(splitMentions("thanks @j.doe. and @ab")).toEqual([
      { text: "thanks ", mention: false },
      { text: "@j.doe", mention: true },
      { text: ". and @ab", mention: false },
    ]);
  });
});
