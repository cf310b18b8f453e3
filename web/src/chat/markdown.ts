import Markdown, { type MarkdownIt, type StateCore, type Token } from "markdown-it";
import { highlightMentions } from "./mentions.ts";

/**
 * A message's text as HTML: links made of the addresses it names, and a small subset of markdown
 * (bold, italic, strike-through, inline code, fenced code blocks, quotes, line breaks).
 *
 * Nothing a sender types becomes markup: raw HTML is off (`<b>` shows as typed), so are entities
 * (`&#106;` shows as typed, so what readers see is what moderation read), images (no remote loads),
 * `[text](url)` links (the text of a link is always its address: no "bank.example" that goes
 * elsewhere), headings and lists (a line starting "#general" or "1." is chat, not a document) and
 * indented code (indentation in chat is rarely meant as code). Links go only to http:, https: and
 * mailto: addresses. The stored text is unchanged: edits start from it, moderation reads it.
 */

/**
 * Runs on the inline tokens of each paragraph (or quote line), after links are found: where a later
 * feature changes how parts of the text show (a mention highlighter splitting `text` tokens, say).
 * Text inside code and links comes as `code_inline` and between `link_open`/`link_close`.
 */
export type TokenHook = (children: Token[], state: StateCore) => void;

/** Where a link may go; anything else stays text. */
const ALLOWED_LINK = /^(?:https?:\/\/|mailto:)/i;
/** What every link carries: no window.opener, no referrer, no endorsement (the sender wrote it, not us). */
export const LINK_REL = "noopener noreferrer nofollow ugc";

export function createMessageMarkdown(hooks: readonly TokenHook[] = []): MarkdownIt {
  const md = new Markdown("zero", { html: false, linkify: true, breaks: true, typographer: false });
  md.enable(["blockquote", "fence"]);
  md.enable(["autolink", "backticks", "emphasis", "escape", "linkify", "newline", "strikethrough"]);
  // Addresses with a scheme, and e-mail addresses; not bare names ("notes.md" is a file, not Moldova).
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: true, fuzzyIP: false });
  // A quote is its lines that start with ">", as chat apps have it: the next line without one ends it
  // (CommonMark would carry on the quote's paragraph: "> you said\nI agree" would quote the reply).
  // A block rule that matches nothing, asked only by the quote rule whether a line ends the quote.
  md.block.ruler.before("paragraph", "quote_lines_only", (_state, _start, _end, silent) => silent, {
    alt: ["blockquote"],
  });
  // linkify-it also knows ftp: and scheme-relative "//host" links: neither is allowed here.
  md.linkify.add("ftp:", null).add("//", null);
  // The URL arrives normalized (percent-encoded), so "jav\tascript:" or "&#x09;" tricks cannot pass as http.
  md.validateLink = (url) => ALLOWED_LINK.test(url.trim());

  md.renderer.rules["link_open"] = (tokens, index, options, _env, self) => {
    const token = tokens[index]!;
    const href = String(token.attrGet("href") ?? "");
    if (!href.toLowerCase().startsWith("mailto:")) token.attrSet("target", "_blank");
    token.attrSet("rel", LINK_REL);
    return self.renderToken(tokens, index, options);
  };

  if (hooks.length > 0)
    md.core.ruler.push("message_hooks", (state) => {
      for (const token of state.tokens)
        if (token.type === "inline" && token.children) for (const hook of hooks) hook(token.children, state);
    });
  return md;
}

const messageMarkdown = createMessageMarkdown([highlightMentions]);
messageMarkdown.renderer.rules["mention"] = (tokens, index) =>
  `<span class="mention">${messageMarkdown.utils.escapeHtml(tokens[index]!.content)}</span>`;

/** A message's text as safe HTML (see above). */
export function renderMessageText(text: string): string {
  return messageMarkdown.render(text);
}
