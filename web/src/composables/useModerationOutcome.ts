import { getCurrentScope, onScopeDispose, ref, shallowRef } from "vue";

/** How long the last decision's notice (and its Undo) stays. */
export const NOTICE_MS = 8_000;

/** Runs an undo; resolves with an error in words, or null once undone (it shows its own notice). */
export type Undo = () => Promise<string | null>;

export type Notice = { id: number; text: string; error: boolean; undo: Undo | null };

/**
 * What the last decision did, in sight and announced, with its Undo for a few seconds. The countdown waits
 * while the pointer or the focus is on its Undo (`hold`): reaching it is never a race.
 */
export function useModerationOutcome(options: { noticeMs?: number } = {}) {
  const notice = shallowRef<Notice | null>(null);
  const undoing = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let held = false;
  let counter = 0;

  function countDown(): void {
    clearTimeout(timer);
    if (notice.value && !held)
      timer = setTimeout(() => {
        notice.value = null;
      }, options.noticeMs ?? NOTICE_MS);
  }

  function show(text: string, undo: Undo | null = null, error = false): void {
    counter += 1;
    notice.value = { id: counter, text, error, undo };
    countDown();
  }

  async function undo(): Promise<void> {
    const current = notice.value;
    if (!current?.undo || undoing.value) return;
    undoing.value = true;
    const error = await current.undo();
    undoing.value = false;
    if (error) show(error, null, true);
  }

  function hold(on: boolean): void {
    held = on;
    if (on) clearTimeout(timer);
    else countDown();
  }

  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));

  return { notice, undoing, show, undo, hold };
}
