import { computed, type Ref, ref, shallowRef } from "vue";
import { completeMention, type MentionQuery, mentionAt } from "../chat/mentions.ts";

export type MentionCandidate = { id: string; username: string };
/** The room's members whose names start with what was typed after the "@". */
export type FindMembers = (search: string) => Promise<MentionCandidate[]>;

/** A pause in typing before members are looked up: one lookup per pause, not per key. */
const LOOKUP_DELAY_MS = 120;

/**
 * Completing an @name in the message box: while a name is being typed at the
 * caret, the room's members that match are offered; arrow keys choose, Enter
 * or Tab takes one, Escape closes the list (it stays closed until the next
 * "@"). The box keeps the focus throughout (aria-activedescendant).
 */
export function useMentionCompletion(field: Ref<HTMLTextAreaElement | null>, text: Ref<string>, find?: FindMembers) {
  const candidates = shallowRef<MentionCandidate[]>([]);
  const active = ref(0);
  let typing: MentionQuery | null = null;
  /** Closed with Escape at this "@": it stays closed until another one. */
  let dismissedAt: number | null = null;
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = computed(() => candidates.value.length > 0);

  function close(): void {
    clearTimeout(timer);
    asked += 1;
    candidates.value = [];
    typing = null;
  }

  /** After each input or caret move: what is being typed now, and who matches it. */
  function update(): void {
    const el = field.value;
    if (!find || !el) return;
    const at = mentionAt(text.value, el.selectionStart ?? text.value.length);
    if (!at || at.start === dismissedAt) {
      close();
      return;
    }
    dismissedAt = null;
    typing = at;
    clearTimeout(timer);
    const ask = ++asked;
    timer = setTimeout(async () => {
      const found = await find(at.query).catch(() => []);
      if (ask !== asked) return; // typed on meanwhile: a newer lookup answers
      candidates.value = found;
      active.value = 0;
    }, LOOKUP_DELAY_MS);
  }

  function pick(index: number): void {
    const el = field.value;
    const chosen = candidates.value[index];
    if (!el || !chosen || !typing) return;
    const done = completeMention(text.value, typing, el.selectionStart ?? text.value.length, chosen.username);
    text.value = done.text;
    close();
    // After Vue writes the new text into the box.
    requestAnimationFrame(() => el.setSelectionRange(done.caret, done.caret));
  }

  /** The message box's keys while the list is open; true when the key was the list's. */
  function onKeydown(event: KeyboardEvent): boolean {
    if (!open.value) return false;
    const count = candidates.value.length;
    if (event.key === "ArrowDown") active.value = (active.value + 1) % count;
    else if (event.key === "ArrowUp") active.value = (active.value - 1 + count) % count;
    else if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") pick(active.value);
    else if (event.key === "Escape") {
      dismissedAt = typing?.start ?? null;
      close();
    } else return false;
    event.preventDefault();
    // The list's key only: Escape must not also cancel a reply being written around the box.
    event.stopPropagation();
    return true;
  }

  return { candidates, active, open, update, pick, onKeydown, close };
}
