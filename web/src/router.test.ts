// @vitest-environment happy-dom
import { createPinia } from "pinia";
import { describe, expect, it } from "vitest";
import { createChatRouter } from "./router.ts";
import { useSessionStore } from "./stores/session.ts";

type Role = "MEMBER" | "MODERATOR" | "ADMIN";

/** A router over a session with `role`; the server knows the person as `roleNow` (promoted since, say). */
function setup(signedIn: boolean, role: Role = "MEMBER", roleNow: Role = role) {
  const session = useSessionStore(createPinia());
  if (signedIn) session.start({ token: "t", user: { id: "u", username: "alice", role } });
  else session.end();
  const refreshUser = async () => session.updateUser({ id: "u", username: "alice", role: roleNow });
  return createChatRouter(session, refreshUser);
}

describe("router", () => {
  it("sends signed-out people to sign in, and back where they were going afterwards", async () => {
    const router = setup(false);
    await router.push("/rooms/general");
    expect(router.currentRoute.value.name).toBe("sign-in");
    expect(router.currentRoute.value.query).toEqual({ next: "/rooms/general" });
  });

  it("sends signed-in people from sign-in to the rooms", async () => {
    const router = setup(true);
    await router.push("/sign-in");
    expect(router.currentRoute.value.name).toBe("rooms");
    await router.push("/rooms/general");
    expect(router.currentRoute.value.params).toEqual({ slug: "general" });
  });

  it("opens the moderation dashboard to moderators and admins only", async () => {
    const member = setup(true);
    await member.push("/moderation");
    expect(member.currentRoute.value.name).toBe("rooms");
    for (const role of ["MODERATOR", "ADMIN"] as const) {
      const router = setup(true, role);
      await router.push("/moderation?tab=audit");
      expect(router.currentRoute.value.name).toBe("moderation");
    }
  });

  it("reads the role again before refusing a page for it: a member promoted since sign-in gets in", async () => {
    const promoted = setup(true, "MEMBER", "MODERATOR");
    await promoted.push("/moderation");
    expect(promoted.currentRoute.value.name).toBe("moderation");
  });
});
