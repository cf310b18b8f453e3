// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { createMessageMarkdown, LINK_REL, renderMessageText, type TokenHook } from "./markdown.ts";

/** The rendered text, parsed as the browser will (v-html), to ask what elements and links it made. */
function rendered(text: string): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML = renderMessageText(text);
  return root;
}

/** Every element in the rendered text, by tag name (what markup the sender's text made). */
/** The rendered text as a reader sees it (without the line break closing each paragraph). */
const textOf = (text: string) => rendered(text).textContent?.trim();
const tagsOf = (text: string) => [...rendered(text).querySelectorAll("*")].map((el) => el.tagName.toLowerCase());
const hrefsOf = (text: string) => [...rendered(text).querySelectorAll("a")].map((a) => a.getAttribute("href"));

describe("renderMessageText: the subset of markdown", () => {
  it("renders bold, italic, strike-through and inline code", () => {
    expect(renderMessageText("**bold** *it* _also_ ~~gone~~ `a < b`")).toBe(
      "<p><strong>bold</strong> <em>it</em> <em>also</em> <s>gone</s> <code>a &lt; b</code></p>\n",
    );
  });

  it("renders fenced code blocks, keeping their text (and markup in them) as typed", () => {
    const root = rendered("```\nif (a && b) **not bold** <i>\n  indented\n```");
    expect(root.querySelector("pre > code")?.textContent).toBe("if (a && b) **not bold** <i>\n  indented\n");
    expect(root.querySelector("strong, i")).toBeNull();
  });

  it("renders quotes, with the text after them", () => {
    const root = rendered("> someone said\n> this\n\nand I reply");
    expect(root.querySelector("blockquote")?.textContent?.trim()).toBe("someone said\nthis");
    expect(root.querySelector(":scope > p")?.textContent).toBe("and I reply");
  });

  it("quotes only the lines that start with >, as chat apps do", () => {
    const root = rendered("> you said\n> this\nI agree\n> and\n\n> again");
    expect([...root.querySelectorAll("blockquote")].map((quote) => quote.textContent?.trim())).toEqual([
      "you said\nthis",
      "and",
      "again",
    ]);
    expect([...root.querySelectorAll(":scope > p")].map((p) => p.textContent)).toEqual(["I agree"]);
    expect(rendered("> nested\n>> deeper").querySelectorAll("blockquote blockquote")).toHaveLength(1);
  });

  it("keeps line breaks as typed", () => {
    expect(renderMessageText("one\ntwo")).toBe("<p>one<br>\ntwo</p>\n");
  });

  it("leaves headings, lists, rules, tables, indented code and [text](url) links as typed text", () => {
    const text = "# general\n- one\n1. two\n---\n| a | b |\n|---|---|\n    four spaces\n[bank](https://evil.example)";
    expect(tagsOf(text).filter((tag) => tag !== "br" && tag !== "a")).toEqual(["p"]);
    const root = rendered(text);
    expect(root.textContent).toContain("# general");
    expect(root.textContent).toContain("[bank](https://evil.example)");
    // The address itself is still a link, its text the address (never "bank").
    expect([...root.querySelectorAll("a")].map((a) => a.textContent)).toEqual(["https://evil.example"]);
  });

  it("shows images as typed text, never loading them", () => {
    const root = rendered("![cat](https://example.com/cat.png)");
    expect(root.querySelector("img")).toBeNull();
    expect(root.textContent?.trim()).toBe("![cat](https://example.com/cat.png)");
  });

  it("shows backslash escapes as the character (markdown), and entities exactly as typed", () => {
    expect(textOf("\\*not italic\\*")).toBe("*not italic*");
    // Entities are not decoded: what readers see is the text moderation read.
    expect(textOf("&#102;ool &amp; &lt;b&gt;")).toBe("&#102;ool &amp; &lt;b&gt;");
  });
});

describe("renderMessageText: links", () => {
  it("links http, https and mailto addresses, and e-mail addresses, opening safely", () => {
    const root = rendered("see https://example.com/a?b=1&c=2, http://old.example and mail me@example.com");
    const links = [...root.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "https://example.com/a?b=1&c=2",
      "http://old.example",
      "mailto:me@example.com",
    ]);
    expect(links.map((a) => a.getAttribute("rel"))).toEqual([LINK_REL, LINK_REL, LINK_REL]);
    expect(LINK_REL).toBe("noopener noreferrer nofollow ugc");
    // Web pages open in a new tab; an e-mail address in the mail program.
    expect(links.map((a) => a.getAttribute("target"))).toEqual(["_blank", "_blank", null]);
    expect(hrefsOf("write to mailto:team@example.com")).toEqual(["mailto:team@example.com"]);
    expect(hrefsOf("<https://angle.example/x>")).toEqual(["https://angle.example/x"]);
  });

  it("does not link bare names, other schemes, or scheme-relative addresses", () => {
    expect(hrefsOf("notes.md and example.org")).toEqual([]);
    expect(hrefsOf("ftp://files.example/x //cdn.example/y file:///etc/passwd")).toEqual([]);
  });

  it("percent-encodes what an address may not carry raw, and ends it where an attribute could start", () => {
    expect(hrefsOf("https://example.com/päth?q=a b")).toEqual(["https://example.com/p%C3%A4th?q=a"]);
    const root = rendered('https://example.com/"onmouseover=alert(1)');
    expect(root.querySelector("a")?.getAttributeNames()).toEqual(["href", "target", "rel"]);
    expect(root.querySelector("a")?.getAttribute("href")).toBe("https://example.com/");
    expect(root.textContent?.trim()).toBe('https://example.com/"onmouseover=alert(1)');
  });
});

describe("renderMessageText: nothing a sender types becomes markup", () => {
  const attacks = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<svg/onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<vbscript:msgbox(1)>",
    "javascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "![x](javascript:alert(1))",
    '![x](https://example.com/x.png "onerror=alert(1)")',
    "**<b>bold</b>**",
    "`<script>`",
    "> <script>alert(1)</script>",
  ];

  it.each(attacks)("%s", (attack) => {
    const root = rendered(attack);
    // No element but the subset's own, no attribute but a link's, no address but http(s)/mailto.
    for (const el of root.querySelectorAll("*")) {
      expect(["p", "br", "strong", "em", "s", "code", "pre", "blockquote", "a"]).toContain(el.tagName.toLowerCase());
      for (const attribute of el.getAttributeNames()) expect(["href", "rel", "target"]).toContain(attribute);
      const href = el.getAttribute("href");
      if (href !== null) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
    }
    expect(root.querySelector("script, img, iframe, svg")).toBeNull();
    // What was typed still shows, as text (its letters and digits, whatever got emphasised or quoted).
    const letters = (text: string) => text.replace(/[^a-z0-9]/gi, "");
    expect(letters(root.textContent ?? "")).toBe(letters(attack));
  });
});

describe("renderMessageText: long text", () => {
  it("renders a message at the length limit quickly, whole", () => {
    const text = "word **bold** `code` https://example.com/x ".repeat(48).slice(0, 2000);
    const started = performance.now();
    const root = rendered(text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(root.querySelectorAll("a").length).toBeGreaterThanOrEqual(40);
    expect(root.querySelectorAll("strong").length).toBeGreaterThanOrEqual(40);
  });

  it("survives deep nesting and unclosed markers without building deep markup", () => {
    const quotes = `${">".repeat(1000)} deep`;
    expect(rendered(quotes).querySelectorAll("blockquote").length).toBeLessThanOrEqual(20);
    expect(textOf("*".repeat(2000))).toBe("*".repeat(2000));
    expect(textOf(`a ${"`".repeat(999)} b`)).toBe(`a ${"`".repeat(999)} b`);
  });
});

describe("createMessageMarkdown: token hooks", () => {
  it("lets a later feature change how text shows (a mention highlighter, say), code and links told apart", () => {
    const seen: string[] = [];
    const shout: TokenHook = (children) => {
      for (const token of children) {
        if (token.type === "text") token.content = token.content.toUpperCase();
        seen.push(token.type);
      }
    };
    const md = createMessageMarkdown([shout]);
    expect(md.render("hi `code` https://example.com")).toBe(
      `<p>HI <code>code</code> <a href="https://example.com" target="_blank" rel="${LINK_REL}">HTTPS://EXAMPLE.COM</a></p>\n`,
    );
    // The link's text is a text token too (a hook must skip it on purpose); code is its own token.
    expect(seen).toEqual(["text", "code_inline", "text", "link_open", "text", "link_close"]);
  });
});
