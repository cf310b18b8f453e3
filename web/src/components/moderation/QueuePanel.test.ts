// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { transportKey } from "../../graphql/client.ts";
import type { ReviewMessage } from "../../moderation/queue.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import { reviewMessage } from "../../testing/fixtures.ts";
import QueuePanel from "./QueuePanel.vue";

const page = (items: ReviewMessage[]) => ({
  data: {
    moderationQueue: { edges: items.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } },
  },
});
const unreachable = { error: new CombinedError({ networkError: new Error("Failed to fetch") }) };

function mountQueue(fake: FakeTransport) {
  return mount(QueuePanel, {
    attachTo: document.body,
    props: { roomId: null, roomName: () => "lobby", status: "FLAGGED" },
    global: { provide: { [transportKey]: fake.transport } },
  });
}

describe("QueuePanel", () => {
  it("says nothing of an empty queue when the queue could not be loaded: only the error, until it reloads", async () => {
    let answer: object = unreachable;
    const wrapper = mountQueue(new FakeTransport(() => answer));
    await flushPromises();
    expect(wrapper.get("[role=alert]").text()).toBe("Can't reach the server. Check your connection and try again.");
    expect(wrapper.text()).not.toContain("All clear");
    expect(wrapper.text()).not.toContain("to review");

    answer = page([reviewMessage(1)]);
    await wrapper.setProps({ status: "REPORTED" }); // any reload
    await flushPromises();
    expect(wrapper.find("[role=alert]").exists()).toBe(false);
    expect(wrapper.text()).toContain("1 to review");
    expect(wrapper.findAll("li.item")).toHaveLength(1);
    wrapper.unmount();
  });

  it("still says so when the queue is loaded and empty", async () => {
    const wrapper = mountQueue(new FakeTransport(() => page([])));
    await flushPromises();
    expect(wrapper.text()).toContain("All clear");
    expect(wrapper.text()).toContain("0 to review");
    wrapper.unmount();
  });

  describe("with the keyboard", () => {
    /** Three flagged messages; decisions answer with the messages as decided, and are recorded. */
    function keyboardQueue() {
      const decided: { messageIds: string[]; action: string }[] = [];
      let listed = [reviewMessage(1), reviewMessage(2), reviewMessage(3)];
      const fake = new FakeTransport((operation, variables) => {
        if (operation === "ModerationQueue") return page(listed);
        const { input } = variables as { input: { messageIds: string[]; action: string } };
        decided.push({ messageIds: input.messageIds, action: input.action });
        listed = listed.filter((message) => !input.messageIds.includes(message.id));
        const status = input.action === "REJECT" ? "REJECTED" : "APPROVED";
        return {
          data: {
            moderateMessages: input.messageIds.map((id) =>
              reviewMessage(Number(id.slice(1)), { moderationStatus: status }),
            ),
          },
        };
      });
      return { wrapper: mountQueue(fake), decided };
    }
    const focusedRow = () => document.activeElement?.getAttribute("data-message-id") ?? null;
    const press = async (key: string, target: Element | null = document.activeElement) => {
      target?.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
      await flushPromises();
    };

    it("moves with j/k and the arrows, selects with x, approves the current row with a", async () => {
      const { wrapper, decided } = keyboardQueue();
      await flushPromises();
      const rows = wrapper.findAll("li.item");
      expect(rows.map((row) => row.attributes("tabindex"))).toEqual(["0", "-1", "-1"]);
      await press("j", wrapper.get(".all input").element); // from Select all: onto the current row
      expect(focusedRow()).toBe("m1");
      await press("j");
      await press("ArrowDown");
      expect(focusedRow()).toBe("m3");
      await press("k");
      expect(focusedRow()).toBe("m2");
      expect(wrapper.findAll("li.item").map((row) => row.attributes("tabindex"))).toEqual(["-1", "0", "-1"]);
      await press("x");
      expect(wrapper.get(".decision-bar .count").text()).toBe("1 selected");
      await press("x");
      await press("a");
      expect(decided).toEqual([{ messageIds: ["m2"], action: "APPROVE" }]);
      // The next message takes the decided one's place, and the focus.
      expect(wrapper.findAll("li.item").map((row) => row.attributes("data-message-id"))).toEqual(["m1", "m3"]);
      expect(focusedRow()).toBe("m3");
      expect(wrapper.get(".decision-notice [role=status]").text()).toBe("Approved 1 message.");
      wrapper.unmount();
    });

    it("rejects only after confirming (r, then Enter on the confirmation), and offers Undo", async () => {
      const { wrapper, decided } = keyboardQueue();
      await flushPromises();
      await press("j", wrapper.get(".all input").element);
      await press("r");
      expect(decided).toEqual([]);
      expect(document.activeElement?.textContent?.trim()).toBe("Yes, reject");
      await press("Escape");
      expect(wrapper.find("li.item [role=group]").exists()).toBe(false);
      await press("r");
      (document.activeElement as HTMLButtonElement).click(); // Enter on a button clicks it
      await flushPromises();
      expect(decided).toEqual([{ messageIds: ["m1"], action: "REJECT" }]);
      expect(wrapper.get(".decision-notice [role=status]").text()).toBe("Rejected 1 message.");
      expect(wrapper.get(".decision-notice .undo").text()).toBe("Undo rejected 1 message");
      expect(focusedRow()).toBe("m2");
      await press("u");
      expect(decided.at(-1)).toEqual({ messageIds: ["m1"], action: "RESTORE" });
      expect(wrapper.get(".decision-notice [role=status]").text()).toBe("Restored 1 message.");
      wrapper.unmount();
    });

    it("acts on the selection when there is one (r asks in the decision bar), and leaves typed keys alone", async () => {
      const { wrapper, decided } = keyboardQueue();
      await flushPromises();
      const reason = wrapper.get(".decision-bar input");
      await press("j", wrapper.get(".all input").element);
      await press("x");
      await press("j");
      await press("x");
      await press("r", reason.element); // typed into the reason: a letter, not a shortcut
      expect(wrapper.find("[role=group]").exists()).toBe(false);
      await press("r");
      const step = wrapper.get(".decision-bar [role=group]");
      expect(step.text()).toContain("Reject 2 messages?");
      await step.findAll("button")[0]?.trigger("click");
      await flushPromises();
      expect(decided).toEqual([{ messageIds: ["m1", "m2"], action: "REJECT" }]);
      wrapper.unmount();
    });

    it("lists its shortcuts on ?, and hides them again on Escape", async () => {
      const { wrapper } = keyboardQueue();
      await flushPromises();
      await press("?", wrapper.get("li.item").element);
      const help = wrapper.get("section.shortcut-help");
      expect(help.findAll("dd").map((each) => each.text())).toContain(
        "Reject the selected messages, or this one (asks first)",
      );
      expect(wrapper.get(".shortcuts-toggle").attributes("aria-expanded")).toBe("true");
      await press("Escape");
      expect(wrapper.find("section.shortcut-help").exists()).toBe(false);
      wrapper.unmount();
    });
  });
});
