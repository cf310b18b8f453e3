// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { ShownMessage } from "../../chat/format.ts";
import type { ChatMessage } from "../../chat/timeline.ts";
import { messageActionsKey, useMessageActions } from "../../composables/useMessageActions.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import { ALICE, BOB, message } from "../../testing/fixtures.ts";
import MessageItem from "./MessageItem.vue";

const button = (wrapper: ReturnType<typeof item>, name: string) => {
  const found = wrapper.findAll("button").find((each) => each.text().startsWith(name));
  if (!found) throw new Error(`no "${name}" button`);
  return found;
};

/** The API behind the last item mounted: it takes each change, or refuses all of them in these words. */
let api = new FakeTransport();
const sent = (operation: string) =>
  api.calls.filter((call) => call.operation === operation).map((call) => call.variables);

function item(overrides: Partial<ChatMessage>, viewerId = ALICE.id, refusal: string | null = null) {
  // The fixture always names an author, as the API does for every message it shows.
  const shown = message(1, overrides) as ShownMessage;
  api = new FakeTransport((operation, variables) => {
    if (refusal)
      return { error: new CombinedError({ graphQLErrors: [{ message: refusal, extensions: { code: "FORBIDDEN" } }] }) };
    const answers: Record<string, object> = {
      EditMessage: { editMessage: { ...shown, text: variables["text"] } },
      DeleteMessage: { deleteMessage: { ...shown, text: null, deletedAt: "2026-11-21T10:00:00Z" } },
      ReportMessage: { reportMessage: { ...shown, viewerHasReported: true } },
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
    global: { provide: { [messageActionsKey]: actions } },
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

  it("reports someone else's message with a reason, and says it was taken", async () => {
    const wrapper = item({ author: BOB });
    await button(wrapper, "Report").trigger("click");
    const field = wrapper.get("input");
    expect(document.activeElement).toBe(field.element);
    expect(wrapper.get("form").attributes("aria-label")).toBe("Report the message from bob");
    await field.setValue("spam");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(sent("ReportMessage")).toEqual([{ messageId: "m1", reason: "spam" }]);
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
    await wrapper.get("input").setValue("spam");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get("[role=status]").text()).toBe("Reported. Thank you: a moderator will take a look.");
    expect(wrapper.find(".report-toggle").exists()).toBe(false);
    wrapper.unmount();
  });
});
