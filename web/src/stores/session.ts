import { defineStore } from "pinia";
import { computed, ref } from "vue";
import type { SessionUserFragment } from "../gql/graphql.ts";

export type SessionUser = SessionUserFragment;
type StoredSession = { token: string; user: SessionUser };

/** localStorage key; another tab writing it signs this one in or out too. */
export const SESSION_STORAGE_KEY = "chatmod.session";

/** The signed-in person and their token: the only global state (the chat itself lives in composables). */
export const useSessionStore = defineStore("session", () => {
  const saved = readStored();
  const token = ref<string | null>(saved?.token ?? null);
  const user = ref<SessionUser | null>(saved?.user ?? null);
  /** Why the person was signed out, shown on the sign-in screen. */
  const notice = ref<string | null>(null);
  const signedIn = computed(() => token.value !== null);

  function start(session: StoredSession): void {
    token.value = session.token;
    user.value = session.user;
    notice.value = null;
    writeStored(session);
  }

  function updateUser(next: SessionUser): void {
    if (!token.value) return;
    user.value = next;
    writeStored({ token: token.value, user: next });
  }

  function end(reason: string | null = null): void {
    token.value = null;
    user.value = null;
    notice.value = reason;
    writeStored(null);
  }

  /** Follows a sign-in or sign-out made in another tab. */
  function syncFromStorage(): void {
    const stored = readStored();
    if (stored?.token === token.value) return;
    token.value = stored?.token ?? null;
    user.value = stored?.user ?? null;
  }

  return { token, user, notice, signedIn, start, updateUser, end, syncFromStorage };
});

function readStored(): StoredSession | null {
  try {
    const raw = globalThis.localStorage?.getItem(SESSION_STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<StoredSession>) : null;
    return typeof parsed?.token === "string" && parsed.user ? (parsed as StoredSession) : null;
  } catch {
    // Storage can be disabled (private modes, policies): then the session lasts until reload.
    return null;
  }
}

function writeStored(session: StoredSession | null): void {
  try {
    if (session) globalThis.localStorage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else globalThis.localStorage?.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // See readStored.
  }
}
