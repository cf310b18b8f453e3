import { getCurrentScope, onScopeDispose, readonly, ref, watch } from "vue";

/**
 * The time now (epoch ms) for countdowns: it ticks while any of `deadlines` is ahead, each time
 * a shown second changes (and once more as the nearest passes), and stands still otherwise, so a
 * page with nothing to count down runs no timer. A deadline reached reopens what it held, with
 * no reload and no word from the server.
 */
export function useDeadlineClock(deadlines: () => readonly (number | null)[], clock: () => number = Date.now) {
  const now = ref(clock());
  let timer: ReturnType<typeof setTimeout> | undefined;

  function tick(): void {
    clearTimeout(timer);
    timer = undefined;
    const at = clock();
    now.value = at;
    const steps = deadlines()
      .filter((deadline): deadline is number => deadline !== null && deadline > at)
      .map((deadline) => (deadline - at) % 1000 || 1000);
    if (steps.length > 0) timer = setTimeout(tick, Math.min(...steps));
  }

  watch(() => deadlines().join(" "), tick, { immediate: true });
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  return readonly(now);
}
