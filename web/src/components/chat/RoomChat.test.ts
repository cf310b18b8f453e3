// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount, RouterLinkStub } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Notice } from "../../chat/notices.ts";
import type { ChatMessage } from "../../chat/timeline.ts";
import { type Notices, noticesKey } from "../../composables/useNotices.ts";
import type { RoomState } from "../../composables/useRoom.ts";
import type { Role } from "../../gql/graphql.ts";
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
  slowModeSeconds: 0,
  viewerSanction: null,
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

/** The app's notices as a room hears them: the test tells them. */
function noticesFake() {
  const listeners = new Set<(notice: Notice) => void>();
  const notices = {
    onNotice: (listener: (notice: Notice) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Notices;
  const tell = (notice: Notice) => {
    for (const listener of listeners) listener(notice);
  };
  return { notices, tell };
}

function mountRoom(fake: FakeTransport, summary: RoomState = room, notices?: Notices, role: Role = "MEMBER") {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().start({ token: "t", user: { ...ALICE, role } });
  return mount(RoomChat, {
    props: { room: summary },
    attachTo: document.body,
    global: {
      plugins: [pinia],
      provide: { [transportKey]: fake.transport, ...(notices ? { [noticesKey]: notices } : {}) },
      stubs: { RouterLink: RouterLinkStub },
    },
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

  it("shows who is online and who else types, and says when the viewer types and stops", async () => {
    const fake = new FakeTransport(() => HISTORY);
    const wrapper = mountRoom(fake);
    await flushPromises();
    const presence = fake.subscriptions.find(
      (each) => each.variables["roomId"] === "r1" && !("afterSeq" in each.variables),
    );
    presence?.next({ roomPresence: { roomId: "r1", online: [ALICE, BOB], typing: [ALICE, BOB] } });
    await flushPromises();
    const button = wrapper.get("button[aria-expanded]:not([aria-controls=room-settings])");
    expect(button.text()).toBe("2 online");
    await button.trigger("click");
    expect(button.attributes("aria-expanded")).toBe("true");
    expect(wrapper.findAll(".people li").map((item) => item.text())).toEqual(["alice (you)", "bob"]);
    // The viewer (alice) is left out of the typists.
    expect(wrapper.get("[data-typing]").text()).toBe("bob is typing…");

    const field = wrapper.get("textarea");
    await field.setValue("hel");
    await field.setValue("hello"); // within the throttle: not said again
    await field.setValue("");
    const signals = fake.calls.filter((call) => call.operation === "SetTyping").map((call) => call.variables["typing"]);
    expect(signals).toEqual([true, false]);
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

  describe("what a sanction or slow mode allows", () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    /** Only setTimeout and the clock are faked: flushPromises runs on setImmediate. */
    const fakeClock = () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
      vi.setSystemTime(Date.parse("2026-11-21T13:00:00.000Z"));
    };
    const api = (extra: (operation: string, variables: Record<string, unknown>) => object | null = () => null) =>
      new FakeTransport((operation, variables) => {
        const answer = extra(operation, variables);
        if (answer) return answer;
        if (operation === "MyAppeals") return { data: { appeals: { edges: [] } } };
        return operation === "RoomHistory" ? HISTORY : { data: null };
      });

    it("a timeout mutes the composer with why and a live countdown, and it opens by itself at the end", async () => {
      fakeClock();
      const endsAt = new Date(Date.now() + 65_000).toISOString();
      const timeout = { id: "s1", kind: "TIMEOUT" as const, reason: "spamming links", endsAt };
      const wrapper = mountRoom(api(), { ...room, viewerSanction: timeout });
      await flushPromises();
      const field = wrapper.get("textarea");
      expect(field.attributes("disabled")).toBeDefined();
      expect(wrapper.get(".muted-notice .sentence").text()).toMatch(/^You are muted here until .+: spamming links$/);
      expect(wrapper.get(".muted-notice [role=timer]").text()).toBe("01:05 left");
      // Editing and reporting wait too; the sanction can be appealed from here.
      expect(wrapper.findAll("li.message button").map((each) => each.text())).not.toContainEqual(
        expect.stringMatching(/^(Edit|Report)/),
      );
      expect(wrapper.get(".muted-notice button").text()).toBe("Appeal your timeout");
      vi.advanceTimersByTime(5_000);
      await flushPromises();
      expect(wrapper.get(".muted-notice [role=timer]").text()).toBe("01:00 left");
      vi.advanceTimersByTime(60_000);
      await flushPromises();
      expect(wrapper.find(".muted-notice").exists()).toBe(false);
      expect(field.attributes("disabled")).toBeUndefined();
      wrapper.unmount();
    });

    it("lifted early (the room read again without it): the composer opens at once", async () => {
      const endsAt = new Date(Date.now() + 600_000).toISOString();
      const wrapper = mountRoom(api(), {
        ...room,
        viewerSanction: { id: "s1", kind: "TIMEOUT", reason: "spam", endsAt },
      });
      await flushPromises();
      expect(wrapper.get("textarea").attributes("disabled")).toBeDefined();
      await wrapper.setProps({ room: { ...room, viewerSanction: null } });
      expect(wrapper.get("textarea").attributes("disabled")).toBeUndefined();
      wrapper.unmount();
    });

    it("slow mode: says so, and after a send waits out the turn with the next draft kept", async () => {
      fakeClock();
      const fake = api((operation, variables) => {
        if (operation !== "SendMessage") return null;
        const { input } = variables as { input: { clientId: string; text: string } };
        return { data: { sendMessage: message(2, { clientId: input.clientId, text: input.text }) } };
      });
      const sends = () => fake.calls.filter((call) => call.operation === "SendMessage").length;
      const wrapper = mountRoom(fake, { ...room, slowModeSeconds: 30 });
      await flushPromises();
      expect(wrapper.get(".composer .slow").text()).toBe("Slow mode: one message every 30 s");
      const field = wrapper.get("textarea");
      await field.setValue("first");
      await field.trigger("keydown", { key: "Enter" });
      await flushPromises();
      await field.setValue("second");
      await field.trigger("keydown", { key: "Enter" });
      await flushPromises();
      expect(wrapper.get(".composer .slow [role=timer]").text()).toBe("Send again in 00:30");
      expect((field.element as HTMLTextAreaElement).value).toBe("second");
      expect(sends()).toBe(1);
      vi.advanceTimersByTime(30_000);
      await flushPromises();
      expect(wrapper.find(".composer .slow [role=timer]").exists()).toBe(false);
      await field.trigger("keydown", { key: "Enter" });
      await flushPromises();
      expect(sends()).toBe(2);
      expect((field.element as HTMLTextAreaElement).value).toBe("");
      wrapper.unmount();
    });

    it("a moderator is not held by slow mode", async () => {
      const wrapper = mountRoom(api(), { ...room, slowModeSeconds: 30 }, undefined, "MODERATOR");
      await flushPromises();
      expect(wrapper.find(".composer .slow-mode").exists()).toBe(false);
      wrapper.unmount();
    });

    it("a stream refused for a ban tells the room's page, which shows the ban", async () => {
      const fake = api();
      const wrapper = mountRoom(fake);
      await flushPromises();
      fake.last.fail("You are banned in this room: abuse", "FORBIDDEN", {
        sanction: "BAN",
        reason: "abuse",
        until: null,
      });
      await flushPromises();
      expect(wrapper.emitted("sanctioned")).toEqual([[{ id: null, kind: "BAN", reason: "abuse", endsAt: null }]]);
      wrapper.unmount();
    });

    it("an appeal decided on a removed message: the message says so", async () => {
      const removed = message(1, {
        moderationStatus: "REJECTED",
        moderationReason: "Hidden: spam.",
        appeal: { id: "a1", status: "OPEN", decisionNote: "" },
      });
      const fake = api((operation) =>
        operation === "MyAppeals"
          ? {
              data: {
                appeals: {
                  edges: [
                    {
                      node: {
                        id: "a1",
                        status: "ACCEPTED",
                        decisionNote: "",
                        message: { id: removed.id },
                        sanction: null,
                      },
                    },
                  ],
                },
              },
            }
          : operation === "RoomHistory"
            ? historyOf([removed])
            : null,
      );
      const { notices, tell } = noticesFake();
      const wrapper = mountRoom(fake, room, notices);
      await flushPromises();
      expect(wrapper.get(".appeal-state").text()).toBe("Appeal sent: a moderator will answer.");
      tell({
        id: "n1",
        kind: "APPEAL_DECIDED",
        text: "Your appeal was accepted.",
        createdAt: "2026-11-21T10:00:00Z",
        readAt: null,
        messageId: removed.id,
        room: { id: "r1", slug: "general", name: "general" },
        sanction: null,
      });
      await flushPromises();
      expect(wrapper.get(".appeal-state").text()).toBe("Your appeal was accepted.");
      wrapper.unmount();
    });
  });
});
