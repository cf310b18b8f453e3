import { getCurrentScope, onScopeDispose } from "vue";
import type { RoomList } from "./useRoomList.ts";

/** How long the newest message must stay in view before it counts as read (and how marks are spaced). */
const SETTLE_MS = 300;

/**
 * Marks a room read as the person reads it: when the newest message is in view
 * (`seen`) while the tab is in front, after a short pause, and only forward.
 * A tab in the background reads nothing; coming back to it marks what is in view.
 */
export function useReadMarker(roomId: string, list: RoomList | null) {
  let seenSeq = 0;
  let markedSeq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function schedule(): void {
    clearTimeout(timer);
    if (document.visibilityState !== "visible" || seenSeq <= markedSeq) return;
    timer = setTimeout(mark, SETTLE_MS);
  }

  function mark(): void {
    const listed = list?.byId(roomId);
    // Already read this far (on this device or another): nothing to tell the server.
    if (!list || (listed && (listed.viewerReadSeq ?? 0) >= seenSeq && listed.unreadCount === 0)) {
      markedSeq = seenSeq;
      return;
    }
    markedSeq = seenSeq;
    void list.markRead(roomId, seenSeq);
  }

  document.addEventListener("visibilitychange", schedule);
  if (getCurrentScope())
    onScopeDispose(() => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", schedule);
    });

  return {
    /** The newest message in view has this seq. */
    seen(seq: number): void {
      seenSeq = Math.max(seenSeq, seq);
      schedule();
    },
  };
}
