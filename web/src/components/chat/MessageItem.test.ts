// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { ref } from "vue";
import type { ShownMessage } from "../../chat/format.ts";
import type { ChatMessage } from "../../chat/timeline.ts";
import { messageActionsKey, useMessageActions } from "../../composables/useMessageActions.ts";
import { reactionsKey, useReactions } from "../../composables/useReactions.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import { ALICE, BOB, message } from "../../testing/fixtures.ts";
import MessageItem from "./MessageItem.vue";
import { roomMutedKey } from "./roomMuted.ts";

const button = (wrapper: ReturnType<typeof item>, name: string) => {
  const found = wrapper.findAll("button").find((each) => each.text().startsWith(name));
  if (!found) throw new Error(`no "${name}" button`);
  return found;
};

/** The API behind the last item mounted: it takes each change, or refuses all of them in these words. */
let api = new FakeTransport();
const sent = (operation: string) =>
  api.calls.filter((call) => call.operation === operation).map((call) => call.variables);

type Refusal = { message: string; extensions: Record<string, unknown> };

function item(
  overrides: Partial<ChatMessage>,
  viewerId = ALICE.id,
  refusal: string | Refusal | null = null,
  /** Why the viewer is muted in the room, as RoomChat provides it. */
  muted: string | null = null,
) {
  // The fixture always names an author, as the API does for every message it shows.
  const shown = message(1, overrides) as ShownMessage;
  api = new FakeTransport((operation, variables) => {
    if (refusal) {
      const { message: words, extensions } =
        typeof refusal === "string" ? { message: refusal, extensions: { code: "FORBIDDEN" } } : refusal;
      return { error: new CombinedError({ graphQLErrors: [{ message: words, extensions }] }) };
    }
    const answers: Record<string, object> = {
      EditMessage: { editMessage: { ...shown, text: variables["text"] } },
      DeleteMessage: { deleteMessage: { ...shown, text: null, deletedAt: "2026-11-21T10:00:00Z" } },
      ReportMessage: { reportMessage: { ...shown, viewerHasReported: true } },
      AppealMessage: {
        appeal: { id: "a1", message: { ...shown, appeal: { id: "a1", status: "OPEN", decisionNote: "" } } },
      },
    };
    return { data: answers[operation] };
  });
  // As RoomChat provides them: an answer is put in place at once, and comes back down as the message.
  const actions = useMessageActions(
    () => (answer) => void wrapper.setProps({ message: answer as ShownMessage }),
    api.transport,
  );
  const wrapper = mount(MessageItem, {
    props: { message: shown, viewerId },
    attachTo: document.body,
    global: {
      provide: {
        [messageActionsKey]: actions,
        [reactionsKey]: useReactions(() => () => {}, api.transport),
        [roomMutedKey]: ref(muted),
      },
    },
  });
  return wrapper;
}

describe("MessageItem", () => {
  it("shows the author, the time and the text", () => {
    const wrapper = item({ author: BOB, text: "hi there" });
    expect(wrapper.get(".author").text()).toBe("bob");
    expect(wrapper.get("time").attributes("datetime")).toMatch(/^2026-11-21T/);
    expect(wrapper.get(".text").text()).toBe("hi there");
    expect(wrapper.find(".actions").exists()).toBe(false); // not theirs to change
  });

  it("marks moderation that is pending, held or flagged, and nothing once approved", () => {
    expect(item({ moderationStatus: "PENDING" }).get(".badge").text()).toContain("Checking…");
    // Sent while the room was pre-moderated: it waits for a moderator, whatever the room's mode is now.
    expect(item({ moderationStatus: "PENDING", preModerated: true }).get(".badge").text()).toContain(
      "Awaiting approval",
    );
    expect(item({ heldForReview: true }).get(".badge").text()).toContain("Held for review");
    expect(item({ moderationStatus: "FLAGGED", author: BOB }).get(".badge").text()).toContain("Flagged");
    expect(item({ moderationStatus: "APPROVED" }).find(".badge").exists()).toBe(false);
  });

  it("shows others only what the API lets them see of a flagged message: the kind of problem", () => {
    const masked = item({
      author: BOB,
      moderationStatus: "FLAGGED",
      visibility: "MASKED",
      text: null,
      moderationReason: "Hidden: an insult aimed at someone.",
    });
    expect(masked.get(".placeholder").text()).toBe("Hidden: an insult aimed at someone.");
    expect(masked.find(".badge").exists()).toBe(false);
  });

  it("tells the author why their message was removed; only they still see its text", () => {
    const author = item({
      moderationStatus: "REJECTED",
      text: "rude",
      moderationReason: "Hidden: a threat of violence.",
    });
    expect(author.get(".text").text()).toBe("rude");
    expect(author.get(".text").classes()).toContain("rejected");
    expect(author.get(".badge").text()).toContain("Removed");
    expect(author.get(".reason").text()).toBe("Hidden: a threat of violence.");
  });

  it("lets the author edit with the keyboard: Enter saves, Escape cancels", async () => {
    const wrapper = item({ text: "typo" });
    await button(wrapper, "Edit").trigger("click");
    const editor = wrapper.get("textarea");
    expect(document.activeElement).toBe(editor.element);
    await editor.setValue("fixed");
    await editor.trigger("keydown", { key: "Enter" });
    await flushPromises();
    expect(sent("EditMessage")).toEqual([{ messageId: "m1", text: "fixed" }]);
    expect(wrapper.find("textarea").exists()).toBe(false);

    await button(wrapper, "Edit").trigger("click");
    await wrapper.get("textarea").trigger("keydown", { key: "Escape" });
    expect(wrapper.find("textarea").exists()).toBe(false);
    wrapper.unmount();
  });

  it("asks before deleting, and shows an error in words", async () => {
    const wrapper = item({}, ALICE.id, "You can change only your own messages.");
    await button(wrapper, "Delete").trigger("click");
    expect(wrapper.text()).toContain("Delete this message?");
    await button(wrapper, "Delete").trigger("click");
    await flushPromises();
    expect(sent("DeleteMessage")).toEqual([{ messageId: "m1" }]);
    expect(wrapper.get("[role=alert]").text()).toBe("You can change only your own messages.");
    wrapper.unmount();
  });

  it("offers no Edit on a message moderation removed: the API refuses it; Delete stays", () => {
    const removed = item({ moderationStatus: "REJECTED", text: "rude" });
    expect(removed.findAll(".actions button").map((each) => each.text().split(" ")[0])).toEqual(["Delete"]);
    expect(item({ moderationStatus: "FLAGGED" }).text()).toContain("Edit");
  });

  it("forgets a refused edit's error when the editor is cancelled", async () => {
    const wrapper = item({ text: "typo" }, ALICE.id, "Slow down.");
    await button(wrapper, "Edit").trigger("click");
    await wrapper.get("textarea").setValue("fixed");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.find("textarea").exists()).toBe(true); // refused: the editor stays, with the error
    expect(wrapper.get("[role=alert]").text()).toBe("Slow down.");
    await button(wrapper, "Cancel").trigger("click");
    await flushPromises();
    expect(wrapper.find("[role=alert]").exists()).toBe(false);
    expect(document.activeElement?.textContent?.trim()).toMatch(/^Edit/);
    wrapper.unmount();
  });

  it("says why an edit cannot be saved, as the composer does: blank, or over the limit", async () => {
    const wrapper = item({ text: "typo" });
    await button(wrapper, "Edit").trigger("click");
    const editor = wrapper.get("textarea");
    await editor.setValue("   ");
    await editor.trigger("keydown", { key: "Enter" });
    expect(wrapper.get(".problem").text()).toBe("A message can't be empty; delete it instead.");
    expect(button(wrapper, "Save").attributes("disabled")).toBeDefined();
    expect(editor.attributes("aria-invalid")).toBe("true");
    await editor.setValue("x".repeat(2_005));
    await wrapper.get("form").trigger("submit");
    expect(wrapper.get(".counter").text()).toBe("5 characters over the 2,000 limit");
    expect(wrapper.get(".problem").text()).toBe("The message is too long to save.");
    expect(button(wrapper, "Save").attributes("disabled")).toBeDefined();
    await flushPromises();
    expect(sent("EditMessage")).toEqual([]);
    await editor.setValue("fine");
    expect(button(wrapper, "Save").attributes("disabled")).toBeUndefined();
    expect(wrapper.get(".problem").text()).toBe("");
    wrapper.unmount();
  });

  it("keeps the keyboard in the delete confirmation, and on the message after it", async () => {
    // The API's answer is the message, deleted: it takes the place of the one shown.
    const wrapper = item({});
    const focused = () => document.activeElement?.textContent?.trim();
    await button(wrapper, "Delete").trigger("click");
    await flushPromises();
    expect(focused()).toBe("Delete"); // the confirmation's own button
    expect(wrapper.get("[role=group]").attributes("aria-labelledby")).toBe(wrapper.get(".question").attributes("id"));
    await button(wrapper, "Keep").trigger("click");
    await flushPromises();
    expect(focused()).toMatch(/^Delete your message/);
    await button(wrapper, "Delete").trigger("click");
    await flushPromises();
    await wrapper.get("[role=group]").trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect(focused()).toMatch(/^Delete your message/);
    await button(wrapper, "Delete").trigger("click");
    await flushPromises();
    await button(wrapper, "Delete").trigger("click");
    await flushPromises();
    expect(wrapper.find(".actions").exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get("li").element);
    expect(wrapper.get("li").text()).toContain("This message was deleted.");
    wrapper.unmount();
  });

  it("tells the author why, in plain words, once: not the verdict's workings, and not again in the pill", () => {
    // As the API sends a verdict to the author: the reason worded for them, and the plain reasons it joins.
    const flagged = item({
      moderationStatus: "FLAGGED",
      text: "fuck, idiot",
      moderationReason: "Flagged for review: an insult aimed at someone and hostile or abusive language.",
      moderationDetails: { reasons: ["an insult aimed at someone", "hostile or abusive language"] },
    });
    expect(flagged.get(".flagged-reason .why").text()).toBe(
      "Flagged for review: an insult aimed at someone and hostile or abusive language.",
    );
    expect(flagged.get(".badge").text()).not.toContain("insult");
    expect(flagged.text().split("an insult").length - 1).toBe(1);
    const removed = item({
      moderationStatus: "REJECTED",
      text: "rude",
      moderationReason: "Hidden: an attack on people for who they are.",
      moderationDetails: { reasons: ["an attack on people for who they are"] },
    });
    expect(removed.get(".reason").text()).toBe("Hidden: an attack on people for who they are.");
    expect(removed.get(".badge").text()).not.toContain("attack");
  });

  it("veils a flagged message for those who may read it, with its reason, until they choose to see it", async () => {
    const moderationReason = "Flagged for review: hostile or abusive language.";
    const wrapper = item({ author: BOB, moderationStatus: "FLAGGED", text: "darn it", moderationReason });
    expect(wrapper.find(".text").exists()).toBe(false);
    expect(wrapper.get(".veil [aria-hidden=true]").text()).toBe("darn it");
    expect(wrapper.get(".flagged-reason").text()).toContain(moderationReason);
    const toggle = wrapper.get(".flagged-reason button");
    expect(toggle.attributes("aria-expanded")).toBe("false");
    expect(toggle.attributes("aria-controls")).toBe(wrapper.get(".veil").attributes("id"));
    await toggle.trigger("click");
    expect(wrapper.get(".text").text()).toBe("darn it");
    expect(toggle.attributes("aria-expanded")).toBe("true");
    expect(toggle.text()).toBe("Hide message");
    expect(wrapper.get(".badge").text()).toContain("Flagged");
    wrapper.unmount();
  });

  it("reports someone else's message with a kind of problem and a reason, and says it was taken", async () => {
    const wrapper = item({ author: BOB });
    await button(wrapper, "Report").trigger("click");
    // The first choice of the kind of problem takes the keyboard.
    expect(document.activeElement).toBe(wrapper.get("input[type=radio][value=SPAM]").element);
    expect(wrapper.get("form").attributes("aria-label")).toBe("Report the message from bob");
    await wrapper.get("input[type=radio][value=HARASSMENT]").setValue(true);
    await wrapper.get("input:not([type=radio])").setValue("keeps following me around");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(sent("ReportMessage")).toEqual([
      { messageId: "m1", category: "HARASSMENT", reason: "keeps following me around" },
    ]);
    expect(wrapper.get("[role=status]").text()).toContain("Reported.");
    expect(wrapper.find("form").exists()).toBe(false);
    // Not on one's own messages, nor on what one cannot read.
    expect(item({}).find(".report-toggle").exists()).toBe(false);
    const masked = item({ author: BOB, visibility: "MASKED", text: null, moderationStatus: "FLAGGED" });
    expect(masked.find(".report-toggle").exists()).toBe(false);
    wrapper.unmount();
  });

  it("offers no Report on a message the viewer already reported (the API would refuse it)", () => {
    const reported = item({ author: BOB, viewerHasReported: true });
    expect(reported.find(".report-toggle").exists()).toBe(false);
    expect(reported.find("[role=status]").exists()).toBe(false);
    const notYet = item({ author: BOB, viewerHasReported: false });
    expect(notYet.find(".report-toggle").exists()).toBe(true);
  });

  it("still thanks the viewer for a report whose answer marks the message reported as it arrives", async () => {
    // As the room timeline does: the mutation's answer is in place before the report resolves.
    const wrapper = item({ author: BOB, viewerHasReported: false });
    await button(wrapper, "Report").trigger("click");
    await wrapper.get("input[type=radio][value=SPAM]").setValue(true);
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get("[role=status]").text()).toBe("Reported. Thank you: a moderator will take a look.");
    expect(wrapper.find(".report-toggle").exists()).toBe(false);
    wrapper.unmount();
  });

  it("shows a report's refusal in the form, in the API's words (too many reports)", async () => {
    const wrapper = item({ author: BOB }, ALICE.id, {
      message: "Too many reports; try again in 540 s.",
      extensions: { code: "RATE_LIMITED", retryAfterMs: 540_000 },
    });
    await button(wrapper, "Report").trigger("click");
    await wrapper.get("input[type=radio][value=SPAM]").setValue(true);
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get("form [role=alert]").text()).toBe("Too many reports; try again in 540 s.");
    expect(wrapper.findAll("[role=alert]")).toHaveLength(1); // once, in the form
    wrapper.unmount();
  });

  it("while muted, offers no Edit nor Report (the composer says why); Delete stays", () => {
    const muted = "You are muted here until 14:05: spam";
    const own = item({}, ALICE.id, null, muted);
    expect(own.findAll(".actions button").map((each) => each.text().split(" ")[0])).toEqual(["Delete"]);
    expect(item({ author: BOB }, ALICE.id, null, muted).find(".report-toggle").exists()).toBe(false);
  });

  it("a refusal because of a timeout says so with its reason, not a generic error", async () => {
    const wrapper = item({ text: "typo" }, ALICE.id, {
      message: "You are muted in this room until 2026-11-21T14:05:00.000Z: spam",
      extensions: { code: "FORBIDDEN", sanction: "TIMEOUT", reason: "spam", until: "2026-11-21T14:05:00.000Z" },
    });
    await button(wrapper, "Edit").trigger("click");
    await wrapper.get("textarea").setValue("fixed");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get("[role=alert]").text()).toMatch(/^You are muted here until .+: spam$/);
    wrapper.unmount();
  });

  it("lets the author appeal a removed message once, then says the appeal was sent", async () => {
    const wrapper = item({ moderationStatus: "REJECTED", text: "rude", moderationReason: "Hidden: spam." });
    await button(wrapper, "Appeal").trigger("click");
    const field = wrapper.get(".appeal-form textarea");
    expect(document.activeElement).toBe(field.element);
    expect(wrapper.get(".appeal-form button[type=submit]").attributes("disabled")).toBeDefined(); // 1..1000
    await field.setValue("It was a quote from the film.");
    await wrapper.get(".appeal-form").trigger("submit");
    await flushPromises();
    expect(sent("AppealMessage")).toEqual([{ messageId: "m1", text: "It was a quote from the film." }]);
    expect(wrapper.find(".appeal-form").exists()).toBe(false);
    expect(wrapper.get(".appeal-state").text()).toBe("Appeal sent: a moderator will answer.");
    expect(wrapper.findAll("button").some((each) => each.text().startsWith("Appeal"))).toBe(false);
    wrapper.unmount();
  });

  it("says what became of an appeal: accepted (the message is back) or denied, with the moderator's note", () => {
    const accepted = item({ appeal: { id: "a1", status: "ACCEPTED", decisionNote: "" } });
    expect(accepted.get(".appeal-state").text()).toBe("Your appeal was accepted.");
    const denied = item({
      moderationStatus: "REJECTED",
      appeal: { id: "a1", status: "DENIED", decisionNote: "It is still spam" },
    });
    expect(denied.get(".appeal-state").text()).toBe("Your appeal was denied: It is still spam.");
    // Someone else's message never shows its author's appeal, nor offers one.
    const others = item({ author: BOB, moderationStatus: "REJECTED", appeal: null });
    expect(others.find(".appeal-state").exists()).toBe(false);
    expect(others.findAll("button").some((each) => each.text().startsWith("Appeal"))).toBe(false);
  });
});
