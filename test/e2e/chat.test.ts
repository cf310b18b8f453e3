import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { MODERATE_MESSAGES, SEND_MESSAGE } from "../helpers/operations.ts";
import { BrowserStack } from "./stack.ts";
import {
  createRoom,
  joinRoom,
  members,
  screenshot,
  send,
  signUp,
  textOf,
  texts,
  tokenOf,
  waitUntilLive,
  watchSends,
} from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

describe("chatting in the browser", () => {
  it("two people on different API replicas see each other's messages live, in order", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b, { dark: true, phone: true });
    const [aliceSends, bobSends] = [watchSends(alice.page), watchSends(bob.page)];
    await signUp(alice.page, "alice");
    await createRoom(alice.page, "Lobby", "Say hello to everyone");
    await signUp(bob.page, "bob");
    await joinRoom(bob.page, "Lobby");

    // Joins and leaves show on the open pages at once, on either replica, without a reload
    // (the room used to be read again every 30 s).
    await alice.page.evaluate(() => Object.assign(window, { sinceOpened: true }));
    await bob.page.evaluate(() => Object.assign(window, { sinceOpened: true }));
    await expect.poll(() => members(alice.page), { timeout: 5_000 }).toBe("2 members");
    const carol = await env.person(env.a);
    await signUp(carol.page, "carol");
    await joinRoom(carol.page, "Lobby");
    await expect.poll(() => members(alice.page), { timeout: 5_000 }).toBe("3 members");
    await expect.poll(() => members(bob.page), { timeout: 5_000 }).toBe("3 members");
    await carol.page.getByRole("button", { name: "Leave", exact: true }).click();
    await expect.poll(() => members(alice.page), { timeout: 5_000 }).toBe("2 members");
    await expect.poll(() => members(bob.page), { timeout: 5_000 }).toBe("2 members");
    for (const page of [alice.page, bob.page]) expect(await page.evaluate(() => "sinceOpened" in window)).toBe(true);

    const expected: string[] = [];
    for (let i = 1; i <= 8; i++) {
      const [writer, reader] = i % 2 ? [alice, bob] : [bob, alice];
      const text = i === 5 ? "A longer one, to see how the text wraps\nand keeps its line breaks." : `message ${i}`;
      await send(writer.page, text);
      expected.push(text);
      // The other person sees it arrive, without reloading.
      await expect.poll(() => texts(reader.page), { timeout: 10_000 }).toEqual(expected);
    }
    expect(await texts(alice.page)).toEqual(expected);
    expect(await texts(bob.page)).toEqual(expected);

    // Quick bursts from both sides still end up identical and complete on both screens.
    await Promise.all([
      (async () => {
        for (const n of [1, 2, 3]) await send(alice.page, `alice burst ${n}`);
      })(),
      (async () => {
        for (const n of [1, 2, 3]) await send(bob.page, `bob burst ${n}`);
      })(),
    ]);
    await expect.poll(async () => (await texts(alice.page)).length, { timeout: 10_000 }).toBe(14);
    await expect.poll(async () => (await texts(bob.page)).length, { timeout: 10_000 }).toBe(14);
    const onAlice = await texts(alice.page);
    expect(await texts(bob.page)).toEqual(onAlice);
    expect(new Set(onAlice).size).toBe(14);
    // Every message went over the app's socket, none by an HTTP request.
    expect(aliceSends).toEqual({ http: 0, socket: 7 });
    expect(bobSends).toEqual({ http: 0, socket: 7 });
    expect(onAlice.filter((text) => text.startsWith("alice burst"))).toEqual([
      "alice burst 1",
      "alice burst 2",
      "alice burst 3",
    ]);

    await waitUntilLive(alice.page);
    await screenshot(alice.page, "room-desktop-light");
    await screenshot(bob.page, "room-phone-dark");
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it("moderation decisions show live: approved loses its mark; removed leaves others' view, its author is told", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b);
    await signUp(alice.page, "alice");
    await createRoom(alice.page, "Moderated");
    await signUp(bob.page, "bob");
    await joinRoom(bob.page, "Moderated");
    await send(alice.page, "a friendly message");
    await send(alice.page, "a message a moderator will remove");
    await expect.poll(() => texts(bob.page)).toEqual(["a friendly message", "a message a moderator will remove"]);
    expect(await bob.page.getByText("Checking…").count()).toBe(2); // no worker here: both wait for a verdict

    const admin = await env.admin();
    const room = await admin.ok(
      gql<{ room: { messages: { edges: { node: { id: string; text: string } }[] } } | null }>(
        `{ room(slug: "moderated") { messages(first: 10) { edges { node { id text } } } } }`,
      ),
    );
    const id = (text: string) => room.room!.messages.edges.find((edge) => edge.node.text === text)!.node.id;
    const moderate = MODERATE_MESSAGES;
    await admin.ok(moderate, { input: { action: "APPROVE", messageIds: [id("a friendly message")] } });
    await admin.ok(moderate, {
      input: { action: "REJECT", messageIds: [id("a message a moderator will remove")], reason: "Off topic" },
    });

    await expect.poll(() => texts(bob.page)).toEqual(["a friendly message"]);
    await expect.poll(() => bob.page.getByText("Checking…").count()).toBe(0);
    await expect.poll(() => alice.page.locator(".badge.is-rejected").count()).toBe(1);
    expect(await texts(alice.page)).toEqual(["a friendly message", "a message a moderator will remove"]);
    await screenshot(alice.page, "room-moderated-author-view");
  });

  it("loads older messages on scrolling up, and marks new ones while the reader is scrolled up", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b);
    await signUp(alice.page, "alice");
    await createRoom(alice.page, "History");
    const token = await tokenOf(alice.page);
    const author = env.a.api.client.as(token);
    const room = (await author.ok(gql<{ room: { id: string } | null }>(`{ room(slug: "history") { id } }`))).room!;
    const send = SEND_MESSAGE;
    for (let i = 1; i <= 70; i++)
      await author.ok(send, { input: { roomId: room.id, text: `old ${i}`, clientId: `seed-${i}` } });

    await signUp(bob.page, "bob");
    await joinRoom(bob.page, "History");
    await expect.poll(async () => (await texts(bob.page)).at(-1)).toBe("old 70");
    expect((await texts(bob.page)).length).toBe(40); // the newest page
    const scroller = bob.page.getByRole("region", { name: "Messages" });
    for (let i = 0; i < 5 && (await texts(bob.page)).length < 70; i++) {
      await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
      await bob.page.waitForTimeout(300);
    }
    const all = await texts(bob.page);
    expect(all).toEqual(Array.from({ length: 70 }, (_, i) => `old ${i + 1}`));
    await expect.poll(() => bob.page.getByText("This is the start of the room.").count()).toBe(1);

    // Scrolled up, reading: a new message does not move the view, it is counted.
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await author.ok(send, { input: { roomId: room.id, text: "fresh news", clientId: "fresh" } });
    const marker = bob.page.getByRole("button", { name: /1 new message/ });
    await marker.waitFor();
    await screenshot(bob.page, "room-new-messages-marker");
    await marker.click();
    await expect.poll(() => marker.count()).toBe(0);
    expect((await texts(bob.page)).at(-1)).toBe("fresh news");
  });

  it("edits and deletes reach the other person live", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b);
    await signUp(alice.page, "alice");
    await createRoom(alice.page, "Edits");
    await signUp(bob.page, "bob");
    await joinRoom(bob.page, "Edits");

    await send(alice.page, "helo");
    await send(alice.page, "to be deleted");
    await expect.poll(() => texts(bob.page)).toEqual(["helo", "to be deleted"]);

    await alice.page
      .getByRole("button", { name: /^Edit your message/ })
      .first()
      .click();
    const editor = alice.page.getByLabel("Edit message");
    await editor.fill("hello");
    await editor.press("Enter");
    await alice.page
      .getByRole("button", { name: /^Delete your message/ })
      .last()
      .click();
    await alice.page.getByRole("button", { name: "Delete", exact: true }).click();

    await expect.poll(() => texts(bob.page)).toEqual(["hello", "This message was deleted."]);
    await expect.poll(() => bob.page.getByText("(edited)").count()).toBe(1);
    expect(await texts(alice.page)).toEqual(["hello", "This message was deleted."]);
  });

  it("messages refused by the send rate limit count down, survive a reload, and go by themselves, once each", async () => {
    // Its own stack, whose API takes 5 sends in 6 s from one person: an 8-message burst runs into it.
    const limited = await BrowserStack.start({ SEND_RATE_LIMIT: "5", SEND_RATE_WINDOW_MS: "6000" });
    try {
      const alice = await limited.person(limited.a);
      await signUp(alice.page, "alice");
      await createRoom(alice.page, "Chatterbox");
      const written = Array.from({ length: 8 }, (_, i) => `burst ${i + 1}`);
      for (const text of written) await send(alice.page, text);
      const timer = alice.page.locator("li.pending .waiting").getByRole("timer").first();
      await timer.waitFor({ timeout: 5_000 });
      expect(await textOf(alice.page.locator("li.pending .waiting .reason").first())).toMatch(
        /^Not sent yet\. You are sending messages too fast\. It goes by itself in 00:0\d\.$/,
      );
      const first = await timer.textContent();
      await expect.poll(() => timer.textContent(), { timeout: 3_000 }).not.toBe(first); // it counts down live
      const waiting = await alice.page.locator("li.pending .text").allInnerTexts();
      expect(waiting.length).toBeGreaterThan(0);

      // A reload keeps them (the outbox is in localStorage per person and room), still waiting.
      await alice.page.reload();
      await waitUntilLive(alice.page);
      expect(await alice.page.locator("li.pending .text").allInnerTexts()).toEqual(waiting);
      // Once the wait is over they go by themselves, each once (the same clientId), in order.
      await expect.poll(() => texts(alice.page), { timeout: 20_000 }).toEqual(written);
      await expect.poll(() => alice.page.locator("li.pending").count()).toBe(0);
      const outboxes = () =>
        alice.page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("chatmod.outbox.")));
      await expect.poll(outboxes).toEqual([]);
      expect(alice.problems).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
