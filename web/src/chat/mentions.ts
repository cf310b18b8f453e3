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
