// The review queue's keyboard shortcuts, as plain data and functions (tested without a browser).

export type QueueCommand = "next" | "previous" | "select" | "approve" | "reject" | "undo" | "help";

/** What the shortcuts list shows ("?"), in this order. */
export const QUEUE_SHORTCUTS: readonly { keys: readonly string[]; does: string }[] = [
  { keys: ["j", "↓"], does: "Next message" },
  { keys: ["k", "↑"], does: "Previous message" },
  { keys: ["x"], does: "Select or unselect the message" },
  { keys: ["a"], does: "Approve the selected messages, or this one when none is selected" },
  { keys: ["r"], does: "Reject the selected messages, or this one (asks first)" },
  { keys: ["u"], does: "Undo the last rejection, while Undo is offered" },
  { keys: ["?"], does: "Show or hide this list" },
];

const COMMANDS: Readonly<Record<string, QueueCommand>> = {
  j: "next",
  ArrowDown: "next",
  k: "previous",
  ArrowUp: "previous",
  x: "select",
  a: "approve",
  r: "reject",
  u: "undo",
  "?": "help",
};

/** Inputs that take no typed text: a key pressed on them is free to be a shortcut. */
const KEYLESS_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** Whether a key pressed on `target` types text (a reason, a search): then it is no shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown } | null;
  if (!element || typeof element.tagName !== "string") return false;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && !KEYLESS_INPUTS.has(String(element.type).toLowerCase());
}

type Key = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "target" | "defaultPrevented">;

/** The command a key press means on the queue, or null (typing, a browser shortcut such as Ctrl+R, or no command). */
export function queueCommand(event: Key): QueueCommand | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return null;
  // Letters work with Caps Lock on too.
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return COMMANDS[key] ?? null;
}
