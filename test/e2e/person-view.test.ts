// Moderating people in Chromium: the person view (sanctions, reports, notes), the
// time-out and ban dialog from a queue item and from the person view, lifting, and
// the appeals queue, with the real moderation worker on this file's stack.

import type { ModerationWorker } from "@chatmod/worker/worker";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { MAKE_MODERATOR } from "../helpers/operations.ts";
import { startWorker } from "../moderation/worker-support.ts";
import { BrowserStack, type Person } from "./stack.ts";
import { createRoom, joinRoom, screenshot, send, signedIn as session, signUp, textOf } from "./ui.ts";

let env: BrowserStack;
let worker: ModerationWorker;
beforeAll(async () => {
  env = await BrowserStack.start();
  worker = startWorker(env.stack);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

/** A new account made a moderator by the admin (over the API); lands on the dashboard, live. */
async function moderator(stem: string, options: { phone?: boolean } = {}): Promise<Person & { username: string }> {
  const person = await env.person(env.a, options);
  const username = await signUp(person.page, stem);
  const admin = await env.admin();
  await admin.ok(MAKE_MODERATOR, { id: (await session(person.page)).user.id });
  await person.page.reload(); // the role is read again on start
  await person.page.getByRole("link", { name: "Moderation" }).click();
  await person.page.getByRole("heading", { name: "Moderation", level: 1 }).waitFor();
  await expect.poll(() => textOf(person.page.locator(".feed .state")), { timeout: 15_000 }).toBe("Live updates: Live");
  return { ...person, username };
}

/** A member who made a room and said something the automatic moderator flags. */
async function offender(room: string) {
  const member = await env.person(env.b);
  const username = await signUp(member.page, "alice");
  await createRoom(member.page, room);
  await send(member.page, "this is fucking annoying");
  return { ...member, username };
}

const dialog = (page: Page) => page.getByRole("dialog");
/** What an element shows, as one line (its rendered text: blocks apart, hidden text left out). */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text keeps blocks and words apart.
const shown = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();
const sanctionRows = (page: Page) => page.getByRole("list", { name: "Sanctions" }).getByRole("listitem");
/** The page is no wider than its viewport: nothing to scroll sideways. */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("moderating people in the browser", () => {
  it("times out the author from a queue item, sees it in their record, lifts it, and adds a note", async () => {
    const carol = await moderator("carol");
    const alice = await offender("Rowdy");
    const item = carol.page.locator(".queue li.item").filter({ hasText: "this is fucking annoying" });
    await item.waitFor({ timeout: 15_000 });

    // From the queue item: the dialog asks how long and why, then to confirm.
    await item.getByRole("button", { name: `Time out the author ${alice.username}` }).click();
    const timeOut = dialog(carol.page);
    await timeOut.getByRole("heading", { name: `Time out: ${alice.username}` }).waitFor();
    await timeOut.getByLabel("1 hour").check();
    await timeOut.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(timeOut.getByRole("alert"))).toBe("Give a reason: the person reads it.");
    await timeOut.getByLabel(/^Reason/).fill("Mind your language");
    await timeOut.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(timeOut.locator(".question"))).toBe(`Time out ${alice.username} in #Rowdy for 1 hour?`);
    await screenshot(carol.page, "people-timeout-confirm");
    await timeOut.getByRole("button", { name: `Time out ${alice.username}` }).click();
    await expect
      .poll(() => textOf(item.getByRole("status")))
      .toMatch(new RegExp(`^${alice.username} is timed out in #Rowdy until .+\\.$`));
    expect(await dialog(carol.page).count()).toBe(0);

    // The author's name opens their record: the timeout in force, by carol, and the flagged message.
    await item.getByRole("link", { name: alice.username }).click();
    await carol.page.getByRole("heading", { name: alice.username, level: 1 }).waitFor();
    await expect.poll(() => sanctionRows(carol.page).count()).toBe(1);
    const timeout = sanctionRows(carol.page).first();
    expect(await shown(timeout)).toMatch(
      new RegExp(
        `^Timeout #Rowdy In force Lift the timeout in #Rowdy “Mind your language” By ${carol.username} Started .+ Ends .+$`,
      ),
    );
    expect(await textOf(carol.page.getByRole("list", { name: "In force now" }))).toMatch(/^Timed out in #Rowdy until/);
    expect(
      await carol.page
        .getByRole("list", { name: "Flagged and removed messages" })
        .getByRole("listitem")
        .allInnerTexts(),
    ).toEqual([expect.stringContaining("this is fucking annoying")]);
    await screenshot(carol.page, "people-person-view");

    // The member cannot send meanwhile: their composer closes live and says why.
    const box = alice.page.getByLabel(/^Message #/);
    await expect.poll(() => box.isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await textOf(alice.page.locator(".composer .muted-notice .sentence"))).toMatch(
      /^You are muted here until .+: Mind your language$/,
    );

    // Lift it, with a reason.
    await timeout.getByRole("button", { name: "Lift the timeout in #Rowdy" }).click();
    const lift = dialog(carol.page);
    await lift.getByLabel(/^Why/).fill("Apologised in private");
    await lift.getByRole("button", { name: "Lift the timeout" }).click();
    await expect
      .poll(() => textOf(carol.page.locator(".actions").getByRole("status")))
      .toBe(`Lifted ${alice.username}'s timeout in #Rowdy.`);
    await expect.poll(() => shown(timeout)).toMatch(/^Timeout #Rowdy Lifted .* Lifted .+: “Apologised in private”$/);
    expect(await carol.page.getByRole("list", { name: "In force now" }).count()).toBe(0);

    // A private note.
    await carol.page.getByLabel(/^New note/).fill("Second warning this week.");
    await carol.page.getByRole("button", { name: "Add note" }).click();
    await expect
      .poll(() => carol.page.getByRole("list", { name: "Notes" }).getByRole("listitem").allInnerTexts())
      .toEqual([expect.stringMatching(new RegExp(`^${carol.username}\\s.+\\sSecond warning this week\\.$`, "s"))]);
    expect(await textOf(carol.page.locator(".notes").getByRole("status"))).toBe("Note added.");
    expect([...carol.problems, ...alice.problems]).toEqual([]);
  });

  it("opens a person from the chat and from the people search, times them out, and accepts their appeal", async () => {
    const carol = await moderator("carol");
    const alice = await offender("Appeals");
    // The moderator joins the room: the author's name in the chat is a link to their record.
    await joinRoom(carol.page, "Appeals");
    await carol.page.locator("li.message").getByRole("link", { name: alice.username }).click();
    await carol.page.getByRole("heading", { name: alice.username, level: 1 }).waitFor();

    // And from the people search.
    await carol.page.getByRole("link", { name: "Moderation", exact: true }).first().click();
    await carol.page.getByRole("tab", { name: "People" }).click();
    await carol.page.getByLabel("Search people").fill(alice.username);
    const people = carol.page.getByRole("list", { name: "People" });
    await expect.poll(() => people.getByRole("listitem").count()).toBe(1);
    await people.getByRole("link", { name: alice.username }).click();
    await carol.page.getByRole("heading", { name: alice.username, level: 1 }).waitFor();

    // A custom timeout: refused past 28 days, in the API's terms, then 2 hours.
    await carol.page.getByRole("button", { name: "Time out in a room" }).click();
    const timeOut = dialog(carol.page);
    await timeOut.getByLabel("Room").selectOption({ label: "#Appeals" });
    await timeOut.getByLabel("Custom", { exact: true }).check();
    await timeOut.getByLabel("Custom duration").fill("29");
    await timeOut.getByLabel("Unit").selectOption("days");
    await timeOut.getByLabel(/^Reason/).fill("Cooling off");
    await timeOut.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(timeOut.getByRole("alert"))).toBe("A timeout lasts 1 minute to 28 days (40320 minutes).");
    await timeOut.getByLabel("Custom duration").fill("2");
    await timeOut.getByLabel("Unit").selectOption("hours");
    await timeOut.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(timeOut.locator(".question"))).toBe(`Time out ${alice.username} in #Appeals for 2 hours?`);
    await timeOut.getByRole("button", { name: `Time out ${alice.username}` }).click();
    await expect
      .poll(() => textOf(carol.page.locator(".actions").getByRole("status")))
      .toMatch(new RegExp(`^${alice.username} is timed out in #Appeals until .+\\.$`));
    await expect.poll(() => shown(sanctionRows(carol.page).first())).toMatch(/^Timeout #Appeals In force/);

    // The member appeals (over the API); the appeals queue shows it live.
    await carol.page.goto("/moderation?tab=appeals");
    await expect.poll(() => textOf(carol.page.locator(".feed .state")), { timeout: 15_000 }).toBe("Live updates: Live");
    const open = carol.page.getByRole("list", { name: "Open appeals" });
    await open.getByText("No open appeals.").waitFor();
    // Appeals are about persons, in every room: the dashboard's room filter is not offered here.
    expect(await carol.page.locator(".room-filter").count()).toBe(0);
    const member = env.a.api.client.as((await session(alice.page)).token);
    const mine = await member.ok(
      gql<{ sanctions: { edges: { node: { id: string } }[] } }>(
        `{ sanctions(inForce: true) { edges { node { id } } } }`,
      ),
    );
    await member.ok(
      gql<{ appeal: { id: string } }, { id: string }>(
        `mutation($id: ID!) { appeal(input: { sanctionId: $id, text: "I was quoting someone else." }) { id } }`,
      ),
      { id: mine.sanctions.edges[0]!.node.id },
    );
    const appeal = open.getByRole("listitem").filter({ hasText: "I was quoting someone else." });
    await appeal.waitFor({ timeout: 10_000 });
    expect(await shown(appeal)).toMatch(
      new RegExp(`^${alice.username} A timeout of 2 hours .+ “Cooling off” Set by a moderator · in force until .+`),
    );
    await screenshot(carol.page, "people-appeals");
    await appeal.getByLabel(`Note to ${alice.username}`).fill("Fair enough, sorry.");
    await appeal.getByRole("button", { name: `Accept ${alice.username}'s appeal` }).click();
    await expect
      .poll(() => textOf(carol.page.locator(".appeals-panel > [role=status]")))
      .toBe(`Accepted ${alice.username}'s appeal: the sanction is lifted.`);
    await open.getByText("No open appeals.").waitFor();

    // Their record: the timeout lifted, the appeal accepted with the note.
    await carol.page.goBack();
    await carol.page.getByRole("heading", { name: alice.username, level: 1 }).waitFor();
    await expect.poll(() => shown(sanctionRows(carol.page).first())).toMatch(/^Timeout #Appeals Lifted/);
    expect(await shown(carol.page.getByRole("list", { name: "Appeals" }))).toMatch(
      /^Accepted Of a timeout: “Cooling off” .+ I was quoting someone else\. Answered .+: “Fair enough, sorry\.”$/,
    );
    expect(carol.problems).toEqual([]);
  });

  it("the room's creator holds messages for the verdict, sets slow mode and the automatic timeouts", async () => {
    const alice = await env.person(env.a);
    await signUp(alice.page, "alice");
    await createRoom(alice.page, "Slow");
    await alice.page.getByRole("button", { name: "Settings" }).click();
    const rules = alice.page.getByRole("region", { name: "Rules for members" });
    await rules.getByLabel("Hold for the automatic verdict").check();
    await rules.getByLabel("Slow mode", { exact: true }).selectOption({ label: "30 seconds" });
    await rules.getByLabel("Messages", { exact: true }).fill("1");
    await rules.getByRole("button", { name: "Save rules" }).click();
    // Refused before it is sent, in the API's terms; the field at fault takes the focus.
    expect(await textOf(rules.getByRole("alert"))).toBe("The number of messages is 2 to 50.");
    expect(await rules.getByLabel("Messages", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await alice.page.evaluate(() => document.activeElement?.getAttribute("data-field"))).toBe("count");
    await rules.getByLabel("Messages", { exact: true }).fill("4");
    await rules.getByLabel("Timeouts (minutes, each time)").fill("5, 60, 1440");
    expect(await textOf(rules.locator(".preview"))).toBe(
      "4 flagged or removed messages within 10 minutes time a member out for 5 minutes; again within 24 hours, for 1 hour, then 1 day (the last one repeats).",
    );
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect.poll(() => textOf(rules.getByRole("status"))).toBe("Rules updated: they apply from now on.");
    await screenshot(alice.page, "room-rules");

    // Read back after closing and opening again.
    await alice.page.getByRole("button", { name: "Close" }).click();
    await alice.page.getByRole("button", { name: "Settings" }).click();
    await expect.poll(() => rules.getByLabel("Hold for the automatic verdict").isChecked()).toBe(true);
    expect(await rules.getByLabel("Slow mode", { exact: true }).inputValue()).toBe("30");
    expect(await rules.getByLabel("Timeouts (minutes, each time)").inputValue()).toBe("5, 60, 1440");
    await alice.page.getByRole("button", { name: "Close" }).click();

    // Slow mode: a second message within 30 seconds is refused.
    await send(alice.page, "First!");
    const wait = alice.page.locator(".composer .slow").getByRole("timer");
    await expect.poll(() => textOf(wait), { timeout: 10_000 }).toMatch(/^Send again in 00:[0-3]\d$/);
    expect(await alice.page.getByRole("button", { name: "Send", exact: true }).isDisabled()).toBe(true);
    expect(alice.problems).toEqual([]);
  });

  it("fits a phone: the person view, its dialog and the appeals queue", async () => {
    const alice = await offender("Phones");
    const carol = await moderator("carol", { phone: true });
    await carol.page.setViewportSize({ width: 390, height: 844 });
    await carol.page.goto(`/moderation/people/${(await session(alice.page)).user.id}`);
    await carol.page.getByRole("heading", { name: alice.username, level: 1 }).waitFor();
    await expect
      .poll(() => carol.page.getByRole("list", { name: "Flagged and removed messages" }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await overflow(carol.page)).toBeLessThanOrEqual(0);
    await screenshot(carol.page, "people-person-view-phone");

    await carol.page.getByRole("button", { name: "Ban from a room" }).click();
    const ban = dialog(carol.page);
    await ban.getByLabel("Room").selectOption({ label: "#Phones" });
    await ban.getByLabel("1 week").check();
    await ban.getByLabel(/^Reason/).fill("Repeated abuse");
    const box = await ban.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await screenshot(carol.page, "people-ban-dialog-phone");
    await ban.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(ban.locator(".question"))).toBe(`Ban ${alice.username} from #Phones for 1 week?`);
    await ban.getByRole("button", { name: `Ban ${alice.username}` }).click();
    await expect
      .poll(() => textOf(carol.page.locator(".actions").getByRole("status")))
      .toMatch(new RegExp(`^${alice.username} is banned from #Phones until .+\\.$`));
    expect(await overflow(carol.page)).toBeLessThanOrEqual(0);

    // The member appeals the ban (over the API): the appeals queue on the phone.
    const member = env.a.api.client.as((await session(alice.page)).token);
    const mine = await member.ok(
      gql<{ sanctions: { edges: { node: { id: string } }[] } }>(
        `{ sanctions(inForce: true) { edges { node { id } } } }`,
      ),
    );
    await member.ok(
      gql<{ appeal: { id: string } }, { id: string }>(
        `mutation($id: ID!) { appeal(input: { sanctionId: $id, text: "It was a misunderstanding, please let me back in." }) { id } }`,
      ),
      { id: mine.sanctions.edges[0]!.node.id },
    );
    await carol.page.goto("/moderation?tab=appeals");
    const open = carol.page.getByRole("list", { name: "Open appeals" });
    await open.getByRole("listitem").filter({ hasText: "misunderstanding" }).waitFor();
    expect(await overflow(carol.page)).toBeLessThanOrEqual(0);
    await screenshot(carol.page, "people-appeals-phone");
    expect(carol.problems).toEqual([]);
  });
});
