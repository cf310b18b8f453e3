// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount, RouterLinkStub } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../chat/timeline.ts";
import type { RoomSummary } from "../../composables/useRooms.ts";
import { transportKey } from "../../graphql/client.ts";
import { useSessionStore } from "../../stores/session.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import { ALICE, BOB, message } from "../../testing/fixtures.ts";
import RoomChat from "./RoomChat.vue";

const room = {
  id: "r1",
  slug: "general",
  name: "general",
  description: "",
  memberCount: 2,
  messageCount: 1,
  viewerIsMember: true,
  moderationMode: "POST" as const,
};

/** The room's history as the API answers it: one message. */
const HISTORY = {
  data: {
    room: {
      id: "r1",
      lastSeq: 1,
      messages: { edges: [{ node: message(1) }], pageInfo: { hasNextPage: false, endCursor: null } },
    },
  },
};

/** The room's history as the API answers it, with these messages. */
const historyOf = (messages: ChatMessage[]) => ({
  data: {
    room: {
      id: "r1",
      lastSeq: Math.max(0, ...messages.map((each) => each.seq)),
      messages: { edges: messages.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } },
    },
  },
});

function mountRoom(fake: FakeTransport, summary: RoomSummary = room) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().start({ token: "t", user: { ...ALICE, role: "MEMBER" } });
  return mount(RoomChat, {
    props: { room: summary },
    attachTo: document.body,
    global: { plugins: [pinia], provide: { [transportKey]: fake.transport }, stubs: { RouterLink: RouterLinkStub } },
  });
}

describe("RoomChat", () => {
  it("shows history, live messages (announced politely), and its connection state", async () => {
    const fake = new FakeTransport(() => HISTORY);
    const wrapper = mountRoom(fake);
    await flushPromises();
    fake.connect();
    await flushPromises();
    expect(wrapper.get("[role=status]").text()).toContain("Live");
    fake.last.next({ roomEvents: { seq: 2, kind: "MESSAGE_ADDED", message: message(2, { author: BOB, text: "hi" }) } });
    await flushPromises();
    expect(wrapper.findAll("li.message")).toHaveLength(2);
    expect(wrapper.get("[aria-live=polite][aria-atomic=true]").text()).toBe("bob: hi");
    wrapper.unmount();
  });

  it("sends with Enter: the message shows as sending, then takes its place once", async () => {
    let answer: (value: unknown) => void = () => {};
    const fake = new FakeTransport((operation, variables) => {
      if (operation !== "SendMessage")
        return {
          data: {
            room: { id: "r1", lastSeq: 0, messages: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } },
          },
        };
      const { input } = variables as { input: { clientId: string; text: string } };
      return new Promise((resolve) => {
        answer = () =>
          resolve({
            data: {
              sendMessage: message(1, { clientId: input.clientId, text: input.text, moderationStatus: "PENDING" }),
            },
          });
      });
    });
    const wrapper = mountRoom(fake);
    await flushPromises();
    const field = wrapper.get("textarea");
    await field.setValue("hello room");
    await field.trigger("keydown", { key: "Enter" });
    expect(wrapper.get("li.pending").text()).toContain("Sending…");
    answer(null);
    await flushPromises();
    expect(wrapper.find("li.pending").exists()).toBe(false);
    expect(wrapper.findAll("li.message").map((li) => li.get(".text").text())).toEqual(["hello room"]);
    expect(wrapper.get(".badge").text()).toContain("Checking…");
    // Its event arrives too: still one message.
    const sent = fake.calls.find((call) => call.operation === "SendMessage")?.variables as {
      input: { clientId: string };
    };
    fake.last.next({
      roomEvents: {
        seq: 1,
        kind: "MESSAGE_ADDED",
        message: message(1, { clientId: sent.input.clientId, text: "hello room" }),
      },
    });
    await flushPromises();
    expect(wrapper.findAll("li.message")).toHaveLength(1);
    wrapper.unmount();
  });

  it("says a pending message awaits approval by how it was sent, not by the room's mode now", async () => {
    const checking = message(1, { moderationStatus: "PENDING", preModerated: false });
    const held = message(2, { moderationStatus: "PENDING", preModerated: true });
    for (const moderationMode of ["PRE", "POST"] as const) {
      const wrapper = mountRoom(new FakeTransport(() => historyOf([checking, held])), { ...room, moderationMode });
      await flushPromises();
      expect(wrapper.findAll(".badge").map((badge) => badge.text())).toEqual([
        expect.stringContaining("Checking…"),
        expect.stringContaining("Awaiting approval"),
      ]);
      wrapper.unmount();
    }
  });

  it("offers no Report on a message the viewer reported before, even once a live event changes it", async () => {
    const reported = message(1, { author: BOB, viewerHasReported: true });
    const fake = new FakeTransport(() => historyOf([reported, message(2, { author: BOB, viewerHasReported: false })]));
    const wrapper = mountRoom(fake);
    await flushPromises();
    const reportable = () => wrapper.findAll("li.message").map((li) => li.find(".report-toggle").exists());
    expect(reportable()).toEqual([false, true]);
    // Room events do not say whether the viewer reported a message.
    const { viewerHasReported: _unsaid, ...edited } = { ...reported, text: "edited", editedAt: reported.createdAt };
    fake.last.next({ roomEvents: { seq: 3, kind: "MESSAGE_EDITED", message: edited } });
    await flushPromises();
    expect(wrapper.get("li.message .text").text()).toBe("edited");
    expect(reportable()).toEqual([false, true]);
    wrapper.unmount();
  });

  it("explains, in words, why the room cannot be shown", async () => {
    const fake = new FakeTransport(() => ({ data: { room: null } }));
    const wrapper = mountRoom(fake);
    await flushPromises();
    expect(wrapper.get("[role=alert]").text()).toBe("This room does not exist.");
    expect(wrapper.get("[role=status]").text()).toContain("Not connected");
    expect(wrapper.find("textarea").exists()).toBe(false);
    wrapper.unmount();
  });
  it("forgets the API's refusal of an edit once the editor is cancelled", async () => {
    const fake = new FakeTransport((operation) => {
      if (operation === "EditMessage")
        return {
          error: new CombinedError({
            graphQLErrors: [
              {
                message: "A rejected message cannot be edited; send a new one instead.",
                extensions: { code: "BAD_USER_INPUT" },
              },
            ],
          }),
        };
      return HISTORY;
    });
    const wrapper = mountRoom(fake);
    await flushPromises();
    await wrapper
      .findAll("button")
      .find((each) => each.text().startsWith("Edit"))
      ?.trigger("click");
    await wrapper.get("li.message textarea").setValue("edited");
    await wrapper.get("li.message form").trigger("submit");
    await flushPromises();
    expect(wrapper.get("li.message [role=alert]").text()).toBe(
      "A rejected message cannot be edited; send a new one instead.",
    );
    await wrapper.get("li.message textarea").trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect(wrapper.find("li.message [role=alert]").exists()).toBe(false);
    wrapper.unmount();
  });

  it("gives the focus back to Settings when its panel closes (Escape or Close)", async () => {
    const fake = new FakeTransport((operation) =>
      operation === "RoomPolicy"
        ? {
            data: {
              room: {
                id: "r1",
                moderationMode: "POST",
                reportThreshold: 3,
                policy: { blockedTerms: [], allowedTerms: [] },
              },
            },
          }
        : {
            data: {
              room: {
                id: "r1",
                lastSeq: 0,
                messages: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
              },
            },
          },
    );
    const wrapper = mountRoom(fake);
    await flushPromises();
    const settings = wrapper.get("button[aria-controls=room-settings]");
    await settings.trigger("click");
    expect(document.activeElement?.closest("#room-settings")).not.toBeNull(); // the panel takes the focus
    await wrapper.get("#room-settings input").trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect(wrapper.find("#room-settings").exists()).toBe(false);
    expect(document.activeElement).toBe(settings.element);
    await settings.trigger("click");
    const close = wrapper.findAll("#room-settings button").find((each) => each.text() === "Close");
    await close?.trigger("click");
    await flushPromises();
    expect(document.activeElement).toBe(settings.element);
    wrapper.unmount();
  });
});
