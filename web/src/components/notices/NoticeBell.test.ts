// @vitest-environment happy-dom
import { flushPromises, mount, RouterLinkStub } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { effectScope } from "vue";
import type { Notice } from "../../chat/notices.ts";
import { useNotices } from "../../composables/useNotices.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import NoticeBell from "./NoticeBell.vue";

const removed: Notice = {
  id: "n1",
  kind: "MESSAGE_REMOVED",
  text: "Your message in #general was removed: spam.",
  createdAt: "2026-11-21T09:00:00Z",
  readAt: null,
  messageId: "m1",
  room: { id: "r1", slug: "general", name: "general" },
  sanction: null,
};

function bell() {
  const fake = new FakeTransport((operation) => {
    if (operation === "Notices") return { data: { notices: { edges: [{ node: removed }] }, unreadNoticeCount: 1 } };
    if (operation === "MarkNoticesRead") return { data: { markNoticesRead: 1 } };
    return { data: null };
  });
  const notices = effectScope().run(() => useNotices({ signedIn: () => true, transport: fake.transport }))!;
  const wrapper = mount(NoticeBell, {
    props: { notices },
    attachTo: document.body,
    global: { stubs: { RouterLink: RouterLinkStub } },
  });
  return { wrapper, fake, notices };
}

describe("NoticeBell", () => {
  it("names the unread count, opens the list (read afresh), and marks all read", async () => {
    const { wrapper, fake, notices } = bell();
    await flushPromises();
    const button = wrapper.get("button.bell-button");
    expect(button.text().replace(/\s+/g, " ")).toBe("Notices, 1 unread");
    fake.last.next({ notices: { ...removed, id: "n2" } });
    expect(notices.toasts.value).toHaveLength(1);
    await button.trigger("click");
    await flushPromises();
    expect(button.attributes("aria-expanded")).toBe("true");
    expect(notices.toasts.value).toEqual([]); // the list shows them now
    const panel = wrapper.get("[role=dialog]");
    expect(document.activeElement).toBe(panel.element);
    expect(fake.calls.filter((call) => call.operation === "Notices").at(-1)?.variables).toMatchObject({
      unreadOnly: false,
    });
    expect(panel.findAll("li")).toHaveLength(2);
    expect(panel.get("li").text()).toMatch(/^Unread: Your message in #general was removed: spam\./);
    await panel
      .findAll("button")
      .find((each) => each.text() === "Mark all read")!
      .trigger("click");
    await flushPromises();
    expect(button.text()).toBe("Notices");
    expect(panel.findAll("li.unread")).toHaveLength(0);
    await panel.trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect(wrapper.find("[role=dialog]").exists()).toBe(false);
    expect(document.activeElement).toBe(button.element);
    wrapper.unmount();
  });
});
