// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { ref } from "vue";
import type { ShownMessage } from "../../chat/format.ts";
import type { ChatMessage } from "../../chat/timeline.ts";
import { reactionsKey, useReactions } from "../../composables/useReactions.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import { ALICE, BOB, message } from "../../testing/fixtures.ts";
import MessageReactions from "./MessageReactions.vue";
import { roomMutedKey } from "./roomMuted.ts";

let api = new FakeTransport();
let wrapper: ReturnType<typeof reactionsOf> | null = null;
afterEach(() => wrapper?.unmount());

/** Bob's view of a message of Alice's; the API takes each reaction (or refuses it in `refusal`'s words). */
function reactionsOf(overrides: Partial<ChatMessage>, muted: string | null = null, refusal: string | null = null) {
  let shown = message(1, { author: ALICE, ...overrides }) as ShownMessage;
  api = new FakeTransport((operation, variables) => {
    if (refusal)
      return {
        error: new CombinedError({
          graphQLErrors: [{ message: refusal, extensions: { code: "RATE_LIMITED", retryAfterMs: 4000 } }],
        }),
      };
    const emoji = String(variables["emoji"]);
    const others = shown.reactions.filter((group) => group.emoji !== emoji);
    const before = shown.reactions.find((group) => group.emoji === emoji);
    const adding = operation === "AddReaction";
    const count = (before?.count ?? 0) + (adding ? 1 : -1);
    const reactors = adding
      ? [...(before?.reactors ?? []), BOB]
      : (before?.reactors ?? []).filter((r) => r.id !== BOB.id);
    const reactions = count > 0 ? [...others, { emoji, count, reactors }] : others;
    const answer = {
      ...shown,
      reactions,
      viewerReactions: reactions.map((group) => ({
        emoji: group.emoji,
        viewerReacted: group.reactors.some((r) => r.id === BOB.id),
      })),
    };
    return { data: { [adding ? "addReaction" : "removeReaction"]: answer } };
  });
  const reactions = useReactions(
    () => (answer) => {
      shown = answer as ShownMessage;
      void mounted.setProps({ message: shown });
    },
    api.transport,
  );
  const mounted = mount(MessageReactions, {
    props: { message: shown, viewerId: BOB.id },
    attachTo: document.body,
    global: { provide: { [reactionsKey]: reactions, [roomMutedKey]: ref(muted) } },
  });
  wrapper = mounted;
  return mounted;
}

const chips = (view: ReturnType<typeof reactionsOf>) =>
  view.findAll("button.chip").map((chip) => ({
    name: chip.attributes("aria-label"),
    pressed: chip.attributes("aria-pressed"),
  }));

describe("MessageReactions", () => {
  it("names each chip with its emoji, count and who reacted, pressed for the viewer's own", () => {
    const view = reactionsOf({
      reactions: [
        { emoji: "👍", count: 2, reactors: [ALICE, BOB] },
        { emoji: "🎉", count: 1, reactors: [ALICE] },
      ],
    });
    expect(chips(view)).toEqual([
      { name: "👍 2: alice and you", pressed: "true" },
      { name: "🎉 1: alice", pressed: "false" },
    ]);
    expect(view.get("ul").attributes("aria-label")).toMatch(/^Reactions to the message from alice at /);
  });

  it("a chip toggles the viewer's reaction", async () => {
    const view = reactionsOf({ reactions: [{ emoji: "🎉", count: 1, reactors: [ALICE] }] });
    await view.get("button.chip").trigger("click");
    await flushPromises();
    expect(api.calls.map((call) => [call.operation, call.variables["emoji"]])).toEqual([["AddReaction", "🎉"]]);
    expect(chips(view)).toEqual([{ name: "🎉 2: alice and you", pressed: "true" }]);
    await view.get("button.chip").trigger("click");
    await flushPromises();
    expect(api.calls.at(-1)?.operation).toBe("RemoveReaction");
    expect(chips(view)).toEqual([{ name: "🎉 1: alice", pressed: "false" }]);
  });

  it("taking back the viewer's only reaction of a kind leaves the keyboard on Add reaction", async () => {
    const view = reactionsOf({ reactions: [{ emoji: "👀", count: 1, reactors: [BOB] }] });
    const chip = view.get("button.chip");
    (chip.element as HTMLButtonElement).focus();
    await chip.trigger("click");
    await flushPromises();
    expect(view.findAll("button.chip")).toHaveLength(0);
    expect(document.activeElement).toBe(view.get("button.add").element);
  });

  it("opens a picker by keyboard: arrows move, Enter picks, Escape closes and gives focus back", async () => {
    const view = reactionsOf({});
    const add = view.get("button.add");
    expect(add.attributes("aria-expanded")).toBe("false");
    await add.trigger("click");
    await flushPromises();
    const menu = view.get('[role="menu"]');
    const items = menu.findAll('[role="menuitem"]');
    expect(items).toHaveLength(10);
    expect(document.activeElement).toBe(items[0]?.element);
    await menu.trigger("keydown", { key: "ArrowRight" });
    await flushPromises();
    expect(document.activeElement).toBe(items[1]?.element);
    expect(items.map((item) => item.attributes("tabindex"))).toEqual(["-1", "0", ...Array(8).fill("-1")]);
    await menu.trigger("keydown", { key: "ArrowLeft" });
    await menu.trigger("keydown", { key: "ArrowLeft" });
    await flushPromises();
    expect(document.activeElement?.getAttribute("aria-label")).toBe("fire");
    await menu.trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect(view.find('[role="menu"]').exists()).toBe(false);
    expect(document.activeElement).toBe(add.element);
    expect(api.calls).toEqual([]);

    await add.trigger("click");
    await flushPromises();
    await view.findAll('[role="menuitem"]')[4]?.trigger("click");
    await flushPromises();
    expect(api.calls.map((call) => call.variables["emoji"])).toEqual(["🎉"]);
    expect(chips(view)).toEqual([{ name: "🎉 1: you", pressed: "true" }]);
    expect(document.activeElement).toBe(view.get("button.add").element);
  });

  it("while muted, says why and sends nothing", async () => {
    const view = reactionsOf(
      { reactions: [{ emoji: "👍", count: 1, reactors: [ALICE] }] },
      "You are muted here until 10:30.",
    );
    const chip = view.get("button.chip");
    expect(chip.attributes("aria-disabled")).toBe("true");
    const described = document.getElementById(String(chip.attributes("aria-describedby")));
    expect(described?.textContent).toBe("You are muted here until 10:30.");
    await chip.trigger("click");
    await view.get("button.add").trigger("click");
    await flushPromises();
    expect(view.find('[role="menu"]').exists()).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it("shows a refusal in the API's words", async () => {
    const view = reactionsOf(
      { reactions: [{ emoji: "👍", count: 1, reactors: [ALICE] }] },
      null,
      "Too many attempts; try again in 4 s.",
    );
    await view.get("button.chip").trigger("click");
    await flushPromises();
    expect(view.get('[role="alert"]').text()).toBe("Too many attempts; try again in 4 s.");
  });
});
