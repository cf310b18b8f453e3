// Reactions as the chat shows them: chips under a message, and the emoji the picker offers.
import type { ChatMessage } from "./timeline.ts";

/** What the picker offers (the API takes any single emoji; these are the common ones). */
export const PICKER_EMOJI = ["👍", "👎", "😂", "❤️", "🎉", "😮", "😢", "🙏", "👀", "🔥"] as const;

export type ReactionChip = {
  emoji: string;
  count: number;
  /** The viewer reacted with it: pressing the chip takes it back. */
  mine: boolean;
  /** Everything a chip says, for its title and accessible name: "👍 3: alice, bob and carol". */
  label: string;
};

/**
 * Whether the viewer reacted with `emoji`. Live events leave out what is
 * per viewer, so: the first reactors (the API lists up to 10) tell when they
 * are all listed or the viewer is among them; past that, what the viewer's
 * last page or answer said.
 */
export function viewerReacted(message: ChatMessage, emoji: string, viewerId: string | null): boolean {
  const group = message.reactions.find((each) => each.emoji === emoji);
  if (!group || viewerId === null) return false;
  if (group.reactors.some((reactor) => reactor.id === viewerId)) return true;
  if (group.count <= group.reactors.length) return false;
  return message.viewerReactions?.find((each) => each.emoji === emoji)?.viewerReacted ?? false;
}

export function reactionChips(message: ChatMessage, viewerId: string | null): ReactionChip[] {
  return message.reactions.map(({ emoji, count, reactors }) => ({
    emoji,
    count,
    mine: viewerReacted(message, emoji, viewerId),
    label: `${emoji} ${count}: ${reactorsInWords(
      reactors.map((reactor) => (reactor.id === viewerId ? "you" : reactor.username)),
      count,
    )}`,
  }));
}

/** "alice", "alice and bob", "alice, bob and carol", "alice, bob … and 3 others". */
export function reactorsInWords(names: readonly string[], count: number): string {
  const others = count - names.length;
  if (others > 0) return `${names.join(", ")} and ${others} ${others === 1 ? "other" : "others"}`;
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
