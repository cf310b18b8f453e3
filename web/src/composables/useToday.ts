import { getCurrentScope, onScopeDispose, readonly, shallowRef } from "vue";

/**
 * The time now, moved on at each local midnight only: enough for "Today" and "Yesterday" to become
 * right again when a page stays open overnight, with one timer a day.
 */
export function useToday(clock: () => number = Date.now) {
  const now = shallowRef(new Date(clock()));
  let timer: ReturnType<typeof setTimeout> | undefined;

  function arm(): void {
    const at = new Date(clock());
    now.value = at;
    // A moment past midnight, so the new day has begun by any rounding of the timer.
    const midnight = new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1, 0, 0, 1);
    timer = setTimeout(arm, midnight.getTime() - at.getTime());
  }

  arm();
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  return readonly(now);
}
