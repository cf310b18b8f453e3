// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import { routes } from "../../router.ts";
import { useSessionStore } from "../../stores/session.ts";
import { ALICE } from "../../testing/fixtures.ts";
import PersonLink from "./PersonLink.vue";

function link(role: "MEMBER" | "MODERATOR" | "ADMIN" | null) {
  const pinia = createPinia();
  setActivePinia(pinia);
  if (role) useSessionStore().start({ token: "t", user: { id: "u-me", username: "me", role } });
  const router = createRouter({ history: createMemoryHistory(), routes });
  return mount(PersonLink, { props: { user: ALICE }, global: { plugins: [pinia, router] } });
}

afterEach(() => {
  localStorage.clear();
});

describe("PersonLink", () => {
  it("links moderators and admins to the person's record", () => {
    for (const role of ["MODERATOR", "ADMIN"] as const) {
      const anchor = link(role).get("a");
      expect(anchor.text()).toBe("alice");
      expect(anchor.attributes("href")).toBe("/moderation/people/u-alice");
    }
  });

  it("is plain text for members, for the signed out, and without a store", () => {
    expect(link("MEMBER").find("a").exists()).toBe(false);
    expect(link(null).text()).toBe("alice");
    setActivePinia(undefined);
    const bare = mount(PersonLink, { props: { user: null } });
    expect(bare.text()).toBe("Someone");
  });
});
