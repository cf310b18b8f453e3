import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./axe.ts";
import { BrowserStack } from "./stack.ts";
import { createRoom, joinRoom, screenshot, signUp, textOf, texts } from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

describe("presence and typing in the browser", () => {
  it("one person sees the other online and typing, across replicas, by keyboard alone", async () => {
    const alice = await env.person(env.a, { bypassCSP: true });
    const bob = await env.person(env.b);
    const aliceName = await signUp(alice.page, "alice");
    await createRoom(alice.page, "Porch");
    const bobName = await signUp(bob.page, "bob");
    await joinRoom(bob.page, "Porch");

    const onlineButton = alice.page.getByRole("button", { name: /\d+ online$/ });
    const typing = alice.page.locator("[data-typing]");
    await expect.poll(() => textOf(onlineButton), { timeout: 10_000 }).toBe("2 online");

    // Keyboard only: Tab to the "2 online" button, open the list with Enter, close it with Escape.
    const focused = () => alice.page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    await alice.page.keyboard.press("Tab");
    for (let i = 0; i < 20 && !(await focused()).endsWith("online"); i++) await alice.page.keyboard.press("Tab");
    expect(await focused()).toBe("2 online");
    await alice.page.keyboard.press("Enter");
    expect(await onlineButton.getAttribute("aria-expanded")).toBe("true");
    const people = alice.page.getByRole("listitem").filter({ hasText: bobName });
    await people.waitFor();
    expect((await alice.page.locator(".people li").allTextContents()).map((text) => text.trim()).sort()).toEqual(
      [`${aliceName} (you)`, bobName].sort(),
    );

    // Bob types (his box has the focus when the room opens): Alice is told, politely.
    await bob.page.keyboard.type("hello the");
    await expect.poll(() => textOf(typing), { timeout: 5_000 }).toBe(`${bobName} is typing…`);
    expect(await typing.getAttribute("aria-live")).toBe("polite");
    await screenshot(alice.page, "presence-online-and-typing");
    await expectAccessible(alice.page, "a room, who is online and typing");

    await alice.page.keyboard.press("Escape");
    expect(await onlineButton.getAttribute("aria-expanded")).toBe("false");
    expect(await focused()).toBe("2 online");
    expect(await alice.page.locator(".people").isVisible()).toBe(false);

    // Sending ends the typing at once (well before it would expire by itself, 6 s).
    await bob.page.keyboard.type("re");
    await bob.page.keyboard.press("Enter");
    await expect.poll(() => texts(alice.page), { timeout: 5_000 }).toEqual(["hello there"]);
    await expect.poll(() => textOf(typing), { timeout: 3_000 }).toBe("");

    // Typing again shows again; emptying the box stops it.
    await bob.page.keyboard.type("one more");
    await expect.poll(() => textOf(typing), { timeout: 5_000 }).toBe(`${bobName} is typing…`);
    await bob.page.keyboard.press("ControlOrMeta+a");
    await bob.page.keyboard.press("Backspace");
    await expect.poll(() => textOf(typing), { timeout: 3_000 }).toBe("");
    // Alice sees herself online but never her own typing.
    await alice.page.getByLabel(/^Message #/).focus();
    await alice.page.keyboard.type("my own draft");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await textOf(typing)).toBe("");

    // Bob closes his tab: he leaves the list within seconds.
    await bob.page.close();
    await expect.poll(() => textOf(onlineButton), { timeout: 5_000 }).toBe("1 online");
    expect(alice.problems).toEqual([]);
  });
});
