import { badInput } from "../errors.ts";

/** Reaction limits: part of the API contract, listed in the README. */
export const reactionLimits = {
  /** Different emoji on one message: enough for a lively thread, too few to spell words with flags. */
  distinctEmojiPerMessage: 20,
  /** Who reacted, per emoji, as a message carries it ("alice, bob and 8 others"); `count` has them all. */
  reactorsShown: 10,
  /** The longest emoji stored (a family ZWJ sequence with skin tones is 15 UTF-16 units). */
  emojiUnits: 32,
} as const;

// One emoji exactly as Unicode recommends it (RGI): skin tones, ZWJ sequences, flags and keycaps included,
// text and symbols not. Bare "❤" (without U+FE0F) is not RGI: it is stored as "❤️", its emoji form.
// Built at run time: the `v` flag is newer than the language level the code is checked against.
const UNICODE_SETS = "v";
const ONE_RGI_EMOJI = new RegExp("^\\p{RGI_Emoji}$", UNICODE_SETS);
const VARIATION_SELECTOR_16 = "\uFE0F";

/** Checks that `raw` is one emoji and returns its stored form (the emoji presentation when it had none). */
export function reactionEmoji(raw: string): string {
  const emoji = raw.trim();
  if (emoji.length > 0 && emoji.length <= reactionLimits.emojiUnits) {
    if (ONE_RGI_EMOJI.test(emoji)) return emoji;
    const presented = emoji + VARIATION_SELECTOR_16;
    if (!emoji.includes(VARIATION_SELECTOR_16) && ONE_RGI_EMOJI.test(presented)) return presented;
  }
  throw badInput("emoji", "A reaction is one emoji (like 👍 or ❤️), not text.");
}
