// @vitest-environment happy-dom
import { createPinia } from "pinia";
import { beforeEach, describe, expect, it } from "vitest";
import { SESSION_STORAGE_KEY, useSessionStore } from "./session.ts";

const user = { id: "u1", username: "alice", role: "MEMBER" as const };

beforeEach(() => localStorage.clear());

describe("session store", () => {
  it("keeps the session in localStorage, so it survives a reload", () => {
    useSessionStore(createPinia()).start({ token: "t1", user });
    const reloaded = useSessionStore(createPinia());
    expect(reloaded.signedIn).toBe(true);
    expect(reloaded.user).toEqual(user);
  });

  it("forgets it on sign-out, with the reason to show on the sign-in screen", () => {
    const session = useSessionStore(createPinia());
    session.start({ token: "t1", user });
    session.end("Your session has ended. Please sign in again.");
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(session.signedIn).toBe(false);
    expect(session.notice).toBe("Your session has ended. Please sign in again.");
  });

  it("follows a sign-out made in another tab", () => {
    const session = useSessionStore(createPinia());
    session.start({ token: "t1", user });
    localStorage.removeItem(SESSION_STORAGE_KEY);
    session.syncFromStorage();
    expect(session.signedIn).toBe(false);
  });

  it("ignores unreadable stored data", () => {
    localStorage.setItem(SESSION_STORAGE_KEY, "{not json");
    expect(useSessionStore(createPinia()).signedIn).toBe(false);
  });
});
