import { type InjectionKey, inject, ref } from "vue";
import type { ListedRoom } from "../chat/room-list.ts";

/** Opted in on this browser: a choice per device, like the browser's own permission. */
const STORAGE_KEY = "chatmod.notifyMentions";

/**
 * Browser notifications when someone mentions the person, only while the tab
 * is in the background (in front, the room list's badges say it) and only if
 * they opted in, which asks the browser's permission. A click opens the room.
 */
export function useMentionNotifications(openRoom: (slug: string) => void) {
  const supported = typeof Notification !== "undefined";
  const granted = () => supported && Notification.permission === "granted";
  const enabled = ref(granted() && localStorage.getItem(STORAGE_KEY) === "on");

  /** Asks the browser; resolves with why it cannot be on, or null when it is. */
  async function enable(): Promise<string | null> {
    if (!supported) return "This browser cannot show notifications.";
    const permission = await Notification.requestPermission();
    if (permission !== "granted") return "Notifications are blocked for this site in the browser's settings.";
    localStorage.setItem(STORAGE_KEY, "on");
    enabled.value = true;
    return null;
  }

  function disable(): void {
    localStorage.removeItem(STORAGE_KEY);
    enabled.value = false;
  }

  function notify(room: ListedRoom, count: number): void {
    if (!enabled.value || !granted() || document.visibilityState === "visible") return;
    const notification = new Notification(`You were mentioned in #${room.name}`, {
      body: count === 1 ? "1 new mention" : `${count} new mentions`,
      // One per room at a time: a later mention replaces the earlier one instead of piling up.
      tag: `mention-${room.id}`,
    });
    notification.onclick = () => {
      window.focus();
      openRoom(room.slug);
      notification.close();
    };
  }

  return { supported, enabled, enable, disable, notify };
}

export type MentionNotifications = ReturnType<typeof useMentionNotifications>;

export const mentionNotificationsKey: InjectionKey<MentionNotifications> = Symbol("mention notifications");

export function injectMentionNotifications(): MentionNotifications | null {
  return inject(mentionNotificationsKey, null);
}
