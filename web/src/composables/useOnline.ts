import { getCurrentScope, onScopeDispose, type Ref, ref } from "vue";

/** Whether the browser believes it is online; updates on the window's online/offline events. */
export function useOnline(): Ref<boolean> {
  const online = ref(typeof navigator === "undefined" ? true : navigator.onLine);
  if (typeof window === "undefined") return online;
  const update = () => {
    online.value = navigator.onLine;
  };
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  if (getCurrentScope())
    onScopeDispose(() => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    });
  return online;
}
