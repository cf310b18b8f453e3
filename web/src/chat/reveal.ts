// Shows one message of the list the reader asked for (a reply's original, a search hit).

/** How long the message stays marked once shown. */
export const HIGHLIGHT_MS = 2_000;

/**
 * Scrolls the message at `seq` (or, when it is not shown, the next one after it) to the middle of
 * the list, marks it for a moment and puts the keyboard on it. Returns whether there was one.
 */
export function revealMessage(root: ParentNode, seq: number): boolean {
  const items = [...root.querySelectorAll<HTMLElement>("li.message[data-seq]")];
  const target = items.find((item) => Number(item.dataset["seq"]) >= seq);
  if (!target) return false;
  target.scrollIntoView({ block: "center" });
  target.classList.add("highlighted");
  setTimeout(() => target.classList.remove("highlighted"), HIGHLIGHT_MS);
  target.focus({ preventScroll: true });
  return true;
}
