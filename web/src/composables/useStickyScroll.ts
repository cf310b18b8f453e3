import { nextTick, type Ref, ref } from "vue";

/**
 * A scrolling list that stays at its bottom while the reader is there, and
 * stays put when they scrolled up to read (new content then only counts as unseen).
 */
export function useStickyScroll(container: Ref<HTMLElement | null>, threshold = 80) {
  const atBottom = ref(true);

  function measure(): void {
    const el = container.value;
    if (el) atBottom.value = el.scrollHeight - el.scrollTop - el.clientHeight <= threshold;
  }

  function scrollToBottom(smooth = false): void {
    const el = container.value;
    if (!el) return;
    el.scrollTo({ top: el.scrollHeight, behavior: smooth ? "smooth" : "auto" });
    atBottom.value = true;
  }

  /** Call before content is added above: after the next render the same messages are where they were. */
  async function keepPositionAcrossPrepend(): Promise<void> {
    const el = container.value;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop;
    await nextTick();
    el.scrollTop = el.scrollHeight - fromBottom;
  }

  return { atBottom, measure, scrollToBottom, keepPositionAcrossPrepend };
}
