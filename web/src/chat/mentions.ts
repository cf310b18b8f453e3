import type { StateCore, Token } from "markdown-it";

// Typing "@al" in the message box: which name is being typed, and the text once one is picked.
// The API reads mentions with the same rule (api/src/chat/mentions.ts).

/** A name being typed right before the caret: after an "@" that starts a word. */
const TYPING = /(?:^|[^\p{L}\p{N}_.+@-])@([A-Za-z0-9_.-]{0,32})$/u;

export type MentionQuery = { start: number; query: string };

/** The @name being typed at the caret (where its "@" is, and what follows it so far), or null. */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const match = TYPING.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1]!;
  return { start: caret - query.length - 1, query };
}

/**
 * The text with the name typed at `at` completed to `username` (what was typed of it replaced), and
 * where the caret goes: after it and a space, unless a space or punctuation follows already.
 */
export function completeMention(
  text: string,
  at: MentionQuery,
  caret: number,
  username: string,
): { text: string; caret: number } {
  const rest = text.slice(caret).replace(/^[A-Za-z0-9_.-]*/, "");
  const inserted = `@${username}${/^[\s,;:!?)]/.test(rest) ? "" : " "}`;
  return { text: text.slice(0, at.start) + inserted + rest, caret: at.start + inserted.length };
}

/** Whether a word of a message's text is a mention of `username` (any case), for highlighting it. */
export function isMentionOf(word: string, username: string): boolean {
  return word.replace(/\.+$/, "").toLowerCase() === `@${username.toLowerCase()}`;
}

/** @names in a text, as the API reads them: not inside a word or an address; trailing dots end the sentence. */
const IN_TEXT = /(?<![\p{L}\p{N}_.+@-])@[A-Za-z0-9_.-]*[A-Za-z0-9_-]/gu;

/**
 * A markdown token hook (markdown.ts) that sets each @name of the text apart, as a `mention` token
 * rendered `<span class="mention">` with the name escaped. Names inside links and code stay as they are.
 */
export function highlightMentions(children: Token[], state: StateCore): void {
  let inLink = 0;
  for (let index = 0; index < children.length; index++) {
    const token = children[index]!;
    if (token.type === "link_open") inLink++;
    if (token.type === "link_close") inLink--;
    if (token.type !== "text" || inLink > 0) continue;
    const parts = splitMentions(token.content);
    if (parts.length === 1) continue;
    const replaced = parts.map(({ text, mention }) => {
      const part = new state.Token(mention ? "mention" : "text", "", 0);
      part.content = text;
      return part;
    });
    children.splice(index, 1, ...replaced);
    index += replaced.length - 1;
  }
}

/** A text cut into plain parts and @name parts, in order. */
export function splitMentions(text: string): { text: string; mention: boolean }[] {
  const parts: { text: string; mention: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(IN_TEXT)) {
    const length = match[0].length - 1;
    if (length < 3 || length > 32) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index), mention: false });
    parts.push({ text: match[0], mention: true });
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last), mention: false });
  return parts;
}
