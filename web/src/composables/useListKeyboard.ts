import { onBeforeUnmount, onMounted, type Ref } from "vue";

/** What the keyboard stops on by itself (Tab order), visible ones only. */
const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

const visible = (el: HTMLElement) => el.getClientRects().length > 0;
const tabbables = (root: ParentNode) => [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(visible);

/**
 * A message list that is one Tab stop however long its history: Tab from the list (or from a
 * message's last control) goes on past it, to the composer; the arrow keys move between the
 * items (`itemSelector`), Home and End to the first and latest; Tab within the focused item
 * reaches its own controls (links, Edit, Report…). Without this, a room's history put dozens of
 * controls between the page's top and the composer.
 */
export function useListKeyboard(list: Ref<HTMLElement | null>, itemSelector: string) {
  const items = () => [...(list.value?.querySelectorAll<HTMLElement>(itemSelector) ?? [])].filter(visible);
  const itemOf = (el: Element) => items().find((item) => item === el || item.contains(el)) ?? null;

  function focusItem(item: HTMLElement | undefined): void {
    if (!item) return;
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  /** The first Tab stop after the list in the page (the jump button, else the composer). */
  function after(): HTMLElement | null {
    const root = list.value;
    if (!root) return null;
    return (
      tabbables(document).find(
        (el) => !root.contains(el) && root.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING,
      ) ?? null
    );
  }

  function arrows(key: string, target: HTMLElement): boolean {
    const all = items();
    const current = itemOf(target);
    // Arrows inside a message's field or radio group belong to it; elsewhere only the list's own.
    if (current ? current !== target : target !== list.value) return false;
    // From the list itself, as if just below the latest message (where a chat is read from).
    const index = current ? all.indexOf(current) : all.length;
    const next = { Home: all[0], End: all.at(-1), ArrowUp: all[index - 1], ArrowDown: all[index + 1] }[key];
    if (!next) return current !== null; // at either end a message keeps the focus
    focusItem(next);
    return true;
  }

  function tab(event: KeyboardEvent, target: HTMLElement): boolean {
    const item = itemOf(target);
    const inside = item ? tabbables(item) : [];
    if (event.shiftKey) {
      if (!item || (target !== item && inside.indexOf(target) > 0)) return false; // the browser's own
      // From a message's first control back onto the message, from the message back onto the list.
      (target === item ? list.value : item)?.focus();
      return true;
    }
    // Onto a message's controls, and through them; past its last one, out of the list.
    if (item && target === item && inside[0]) {
      inside[0].focus();
      return true;
    }
    if (item && target !== item && inside.indexOf(target) < inside.length - 1) return false;
    const next = after();
    next?.focus();
    return next !== null;
  }

  function onKeydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const handled = event.key === "Tab" ? tab(event, target) : KEYS.has(event.key) && arrows(event.key, target);
    if (handled) event.preventDefault();
  }

  /** Shift+Tab from below the list (the composer) lands on the list, not on its last message's last control. */
  function onDocumentKeydown(event: KeyboardEvent): void {
    const root = list.value;
    const from = document.activeElement;
    if (event.key !== "Tab" || !event.shiftKey || !root || !from || root.contains(from)) return;
    const all = tabbables(document);
    const index = all.indexOf(from as HTMLElement);
    if (index > 0 && root.contains(all[index - 1] ?? null) && all[index - 1] !== root) {
      event.preventDefault();
      root.focus();
    }
  }
  onMounted(() => document.addEventListener("keydown", onDocumentKeydown));
  onBeforeUnmount(() => document.removeEventListener("keydown", onDocumentKeydown));

  return { onKeydown };
}

const KEYS = new Set(["ArrowDown", "ArrowUp", "Home", "End"]);
