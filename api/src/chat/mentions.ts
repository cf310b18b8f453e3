import { usernameKey } from "../auth/usernames.ts";
import { limits } from "../validation.ts";

/**
 * `@username` as a message names someone: a username's characters (letters,
 * digits, '.', '-', '_') after an '@' that does not continue a word or an
 * address ("bob@example.org" names nobody). A name's trailing dots end the
 * sentence, not the name ("thanks @alice."). The SPA highlights the same
 * pattern (web/src/chat/mentions.ts).
 */
const MENTION = /(?<![\p{L}\p{N}_.+@-])@([A-Za-z0-9_.-]+)/gu;

/** At most this many people named in one message are told: a list of every member is not a mention. */
export const MAX_MENTIONS = 20;

/** The username keys (usernames.ts) a text mentions, each once, in order: what the send statement resolves to users. */
export function mentionedKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const [, typed] of text.matchAll(MENTION)) {
    const name = typed!.replace(/\.+$/, "");
    if (name.length < limits.usernameMin || name.length > limits.usernameMax) continue;
    keys.add(usernameKey(name));
    if (keys.size === MAX_MENTIONS) break;
  }
  return [...keys];
}
