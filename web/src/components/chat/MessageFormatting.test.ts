// @vitest-environment happy-dom
// Links, markdown and times as the message list shows them (the rules themselves: chat/markdown.ts, chat/time.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BOB, message } from "../../testing/fixtures.ts";
import { mountMessageList } from "../../testing/message-list.ts";

/** An instant in the machine's own time zone, as the browser's calendar counts days. */
const local = (month: number, day: number, hour: number, minute = 0) =>
  new Date(2026, month - 1, day, hour, minute).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(2026, 11, 6, 11, 30)); // Sunday 6 December 2026
});
afterEach(() => {
  vi.useRealTimers();
});

describe("message text", () => {
  it("shows links and the markdown subset, and typed markup as text", () => {
    const wrapper = mountMessageList([
      message(1, { text: "**bold** see https://example.com and `<b>code</b>`\n> quoted" }),
      message(2, { author: BOB, text: "<img src=x onerror=alert(1)> [x](javascript:alert(1))" }),
    ]);
    const [first, second] = wrapper.findAll("li.message .text");
    expect(first?.find("strong").text()).toBe("bold");
    const link = first!.get("a");
    expect(link.attributes()).toMatchObject({
      href: "https://example.com",
      rel: "noopener noreferrer nofollow ugc",
      target: "_blank",
    });
    expect(first?.get("code").text()).toBe("<b>code</b>");
    expect(first?.get("blockquote").text()).toBe("quoted");
    expect(second?.findAll("img, a")).toHaveLength(0);
    expect(second?.text()).toBe("<img src=x onerror=alert(1)> [x](javascript:alert(1))");
    wrapper.unmount();
  });

  it("shows a message being sent formatted already, as it will be once sent", () => {
    const pending = [{ clientId: "a", text: "**soon** <i>", status: "sending", error: null, unreached: false }];
    const wrapper = mountMessageList([], { pending });
    expect(wrapper.get("li.pending .text strong").text()).toBe("soon");
    expect(wrapper.get("li.pending .text").text()).toBe("soon <i>");
    wrapper.unmount();
  });

  it("edits start from the text as typed, not as shown", async () => {
    const wrapper = mountMessageList([message(1, { text: "**bold** https://example.com" })]);
    const edit = wrapper.findAll("button").find((button) => button.text().startsWith("Edit"));
    await edit!.trigger("click");
    expect((wrapper.get("textarea").element as HTMLTextAreaElement).value).toBe("**bold** https://example.com");
    wrapper.unmount();
  });
});

describe("days and times", () => {
  const messages = () => [
    message(1, { createdAt: local(11, 30, 9, 5), text: "last week" }),
    message(2, { createdAt: local(12, 5, 22, 0), text: "yesterday evening" }),
    message(3, { createdAt: local(12, 5, 22, 1), text: "and a minute later" }),
    message(4, { createdAt: local(12, 6, 0, 10), text: "after midnight" }),
    message(5, { createdAt: local(12, 6, 0, 11), text: "grouped today" }),
  ];

  it("puts the day's name above its first message, out of the list's items for screen readers", () => {
    const wrapper = mountMessageList(messages());
    const separators = wrapper.findAll("li.day");
    expect(separators.map((li) => li.text())).toEqual([
      expect.stringMatching(/^Monday,? (30 November|November 30)$/),
      "Yesterday",
      "Today",
    ]);
    expect(separators.map((li) => li.attributes("aria-hidden"))).toEqual(["true", "true", "true"]);
    // The first message of each day says it; the day breaks a group, even within five minutes.
    const items = wrapper.findAll("li.message");
    expect(items.map((li) => li.get(".meta").text().startsWith("Yesterday:"))).toEqual([
      false,
      true,
      false,
      false,
      false,
    ]);
    expect(items[3]?.get(".meta").text()).toMatch(/^Today: alice/);
    expect(items.map((li) => li.classes().includes("grouped"))).toEqual([false, false, true, false, true]);
    // Each separator sits right above its day's first message.
    const order = wrapper.findAll("ol > li").map((li) => (li.classes("day") ? "day" : li.attributes("data-seq")));
    expect(order).toEqual(["day", "1", "day", "2", "3", "day", "4", "5"]);
    wrapper.unmount();
  });

  it("gives every message, grouped ones too, a time element with its full date", () => {
    const wrapper = mountMessageList(messages());
    const times = wrapper.findAll("li.message time.sent");
    expect(times).toHaveLength(5);
    expect(times[2]?.attributes("datetime")).toBe(local(12, 5, 22, 1));
    expect(times[2]?.attributes("title")).toMatch(/2026/);
    expect(times[4]?.text()).toMatch(/^(12:11\sAM|0?0:11)$/);
    wrapper.unmount();
  });

  it("says Today above messages being sent after older ones", () => {
    const pending = [{ clientId: "a", text: "on its way", status: "sending", error: null, unreached: false }];
    const wrapper = mountMessageList(messages().slice(0, 2), { pending });
    expect(wrapper.findAll("li.day").map((li) => li.text())).toEqual([expect.any(String), "Yesterday", "Today"]);
    wrapper.unmount();
  });
});
