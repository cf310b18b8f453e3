// The moderation dashboard and moderation in rooms, in Chromium, with the real
// moderation worker running in-process (short sweep intervals) on this file's stack.

import type { ModerationWorker } from "@chatmod/worker/worker";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { MAKE_MODERATOR, MODERATE_MESSAGES } from "../helpers/operations.ts";
import { TEST_ADMIN } from "../helpers/stack.ts";
import { startWorker } from "../moderation/worker-support.ts";
import { BrowserStack, type Person } from "./stack.ts";
import {
  createRoom,
  joinRoom,
  screenshot,
  send,
  signIn,
  signUp,
  textOf,
  texts,
  userIdOf as userId,
  waitUntilLive,
} from "./ui.ts";

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

/** A new account made a moderator by the admin (over the API); lands on the dashboard. */
async function moderator(stem: string, options: { dark?: boolean; phone?: boolean } = {}): Promise<Person> {
  const person = await env.person(env.a, options);
  await signUp(person.page, stem);
  const admin = await env.admin();
  await admin.ok(MAKE_MODERATOR, {
    id: await userId(person.page),
  });
  await person.page.reload(); // the role is read again on start
  await person.page.getByRole("link", { name: "Moderation" }).click();
  await person.page.getByRole("heading", { name: "Moderation", level: 1 }).waitFor();
  await waitForLiveUpdates(person.page);
  return person;
}

async function waitForLiveUpdates(page: Page): Promise<void> {
  await expect.poll(() => textOf(page.locator(".feed .state")), { timeout: 15_000 }).toBe("Live updates: Live");
}

/** Two members in a new room: the author (replica A) and a reader (replica B). */
async function roomWithTwo(name: string) {
  const alice = await env.person(env.a);
  const bob = await env.person(env.b);
  await signUp(alice.page, "alice");
  await createRoom(alice.page, name);
  await signUp(bob.page, "bob");
  await joinRoom(bob.page, name);
  return { alice, bob };
}

const queueItems = (page: Page) => page.locator(".queue li.item .text").allInnerTexts();
const placeholders = (page: Page) => page.locator("li.message .placeholder").allInnerTexts();

/**
 * A reason members read: the kind of problem in plain words, after what happened. The words depend
 * on the verdict (the rules and the classifier's scores), so only their shape is fixed: nothing of
 * the verdict's workings (no quoted terms, no scores, no internal names like identity_attack).
 */
const inPlainWords = (prefix: string) => new RegExp(`^${prefix}: [a-z][a-z ,-]*\\.$`);

async function decide(page: Page, action: "Approve" | "Reject" | "Restore", reason: string): Promise<void> {
  await page.getByLabel("Reason, for the audit log").fill(reason);
  await page.getByRole("button", { name: new RegExp(`^${action} \\d+ messages?$`) }).click();
}

/** What the last decision did, as the decision bar shows it (and announces it: role=status). */
const outcome = (page: Page) => page.locator(".decision-notice").getByRole("status");

/** The row the focus is on in the review queue (its message's text). */
const focusedRow = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest("li.item")?.querySelector(".text")?.textContent ?? null);

describe("moderating in the browser", () => {
  it("a profane message is flagged live for everyone; a moderator approves it and every window updates", async () => {
    const carol = await moderator("carol");
    const { alice, bob } = await roomWithTwo("Banter");
    const question = "Morning! Did you see the match last night?";
    const text = "this is fucking annoying";
    await send(bob.page, question);
    await send(alice.page, text);

    // The reader sees a masked placeholder with the kind of problem; the author sees it veiled and marked.
    await expect.poll(() => placeholders(bob.page), { timeout: 15_000 }).toEqual([expect.any(String)]);
    const [placeholder] = await placeholders(bob.page);
    expect(placeholder).toMatch(inPlainWords("Hidden"));
    expect(await texts(bob.page)).toEqual([question, placeholder]);
    await expect.poll(() => alice.page.locator(".badge.is-flagged").count()).toBe(1);
    const reveal = alice.page.getByRole("button", { name: "Show message" });
    // The author reads why in the same plain words, never the evidence the moderators get.
    expect(await textOf(alice.page.locator(".flagged-reason .why"))).toMatch(inPlainWords("Flagged for review"));
    expect(await texts(alice.page)).toEqual([question]); // veiled until shown
    await screenshot(alice.page, "room-flagged-author");
    await reveal.click();
    expect(await texts(alice.page)).toEqual([question, text]);
    expect(await alice.page.getByRole("button", { name: "Hide message" }).getAttribute("aria-expanded")).toBe("true");
    await screenshot(bob.page, "room-flagged-masked");

    // The moderator's flagged queue got it live, with its evidence.
    await expect.poll(() => queueItems(carol.page)).toEqual([text]);
    const item = carol.page.locator(".queue li.item");
    const evidence = await item.getByRole("list", { name: "What the verdict rests on" }).locator("li").allInnerTexts();
    expect(evidence).toContainEqual(expect.stringMatching(/^"fuck[^"]*".*: profanity, moderate$/));
    // The classifier's scores, highest first, with readable names ("hostile language 0.93").
    const scores = await item
      .getByRole("list", { name: /^Classifier scores/ })
      .locator("li")
      .allInnerTexts();
    expect(scores.length).toBeGreaterThan(0);
    for (const score of scores) expect(score.replace(/\s+/g, " ")).toMatch(/^[a-z][a-z -]+ [01]\.\d\d$/);
    expect(await textOf(carol.page.getByRole("log"))).toContain("was flagged");
    await carol.page.getByRole("checkbox", { name: /Select the message from alice/ }).check();
    await decide(carol.page, "Approve", "Banter between friends");
    await expect.poll(() => queueItems(carol.page)).toEqual([]);
    await carol.page.getByText("All clear").waitFor();
    // Said in sight, not only to screen readers; an approval offers no Undo (see QueuePanel).
    await expect.poll(() => textOf(outcome(carol.page))).toBe("Approved 1 message.");
    expect(await outcome(carol.page).isVisible()).toBe(true);
    expect(await carol.page.getByRole("button", { name: /^Undo/ }).count()).toBe(0);
    // The feed says who decided (the viewer, here), to what and why.
    await expect
      .poll(() => textOf(carol.page.getByRole("log").locator("li").first()))
      .toMatch(/^Decision: You approved alice\S*'s message in #Banter\. Reason: “Banter between friends”/);

    // Both chat windows update live: the reader sees the text, the author loses the mark.
    await expect.poll(() => texts(bob.page)).toEqual([question, text]);
    await expect.poll(() => alice.page.locator(".badge.is-flagged").count()).toBe(0);
    expect(await texts(alice.page)).toEqual([question, text]);
    expect([...alice.problems, ...bob.problems, ...carol.problems]).toEqual([]);
  });

  it("rejects two messages at once: they leave the reader's view live; the audit log restores one", async () => {
    const carol = await moderator("carol");
    const { alice, bob } = await roomWithTwo("Rowdy");
    await send(alice.page, "what the fuck is this");
    await send(alice.page, "this shit is broken again");
    await send(alice.page, "sorry, long day");
    await expect
      .poll(() => queueItems(carol.page), { timeout: 15_000 })
      .toEqual(["what the fuck is this", "this shit is broken again"]);
    await expect.poll(() => placeholders(bob.page)).toHaveLength(2);

    await carol.page.getByLabel("Select all").check();
    // Not "abusive language": the automatic moderator's own rows say "hostile or abusive language".
    await carol.page.getByLabel("Reason, for the audit log").fill("Not welcome here");
    await screenshot(carol.page, "dashboard-queue");
    await carol.page.getByRole("button", { name: "Reject 2 messages" }).click();
    // Nothing is rejected before the moderator confirms, in the page (no browser dialog to answer).
    const confirmation = carol.page.getByRole("group", {
      name: "Reject 2 messages? Only their authors will still see them.",
    });
    await confirmation.waitFor();
    await screenshot(carol.page, "dashboard-reject-confirm");
    expect(await queueItems(carol.page)).toHaveLength(2);
    expect(await carol.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Yes, reject 2 messages");
    await confirmation.getByRole("button", { name: "Yes, reject 2 messages" }).click();
    await expect.poll(() => queueItems(carol.page)).toEqual([]);
    await expect.poll(() => texts(bob.page)).toEqual(["sorry, long day"]);
    await expect.poll(() => alice.page.locator(".badge.is-rejected").count()).toBe(2);
    await expect.poll(() => textOf(outcome(carol.page))).toBe("Rejected 2 messages.");
    expect(await outcome(carol.page).isVisible()).toBe(true);
    expect(await carol.page.getByRole("button", { name: "Undo rejected 2 messages" }).isVisible()).toBe(true);

    // The live feed has the bulk decision as one entry; its messages in the decision's order, on demand.
    const entry = carol.page.getByRole("log").locator("li.entry").first();
    await expect.poll(() => textOf(entry.locator(".sentence"))).toMatch(/^You rejected 2 messages in #Rowdy/);
    expect(await carol.page.getByRole("log").locator("li.entry", { hasText: "rejected" }).count()).toBe(1);
    await entry.getByRole("button", { name: "Show the 2 messages" }).click();
    await screenshot(carol.page, "dashboard-feed-bulk");
    expect(await entry.locator(".messages .text").allInnerTexts()).toEqual([
      "what the fuck is this",
      "this shit is broken again",
    ]);

    // The audit log shows both rejections (and the automatic flags before them), in the decision's order
    // (the queue's, oldest first) on every load; Restore brings one back.
    await carol.page.getByRole("tab", { name: "Audit log" }).click();
    const rows = carol.page.locator(".audit tbody tr");
    await expect.poll(() => rows.filter({ hasText: "Not welcome here" }).count()).toBe(2);
    const rejections = () => rows.filter({ hasText: "Not welcome here" }).locator(".text").allInnerTexts();
    expect(await rejections()).toEqual(["what the fuck is this", "this shit is broken again"]);
    await carol.page.reload();
    await expect.poll(() => rows.filter({ hasText: "Not welcome here" }).count()).toBe(2);
    expect(await rejections()).toEqual(["what the fuck is this", "this shit is broken again"]);
    expect(await textOf(rows.first())).toMatch(/Flagged.+Rejected/);
    expect(await rows.filter({ hasText: "Automatic" }).count()).toBeGreaterThanOrEqual(2);
    await carol.page.getByLabel("Only rejected messages (to restore)").check();
    await expect.poll(() => rows.count()).toBe(2);
    await carol.page.getByLabel("Only rejected messages (to restore)").uncheck();
    await screenshot(carol.page, "dashboard-audit");
    await rows
      .filter({ hasText: "what the fuck is this" })
      .getByRole("checkbox", { name: /to restore it$/ })
      .check();
    await decide(carol.page, "Restore", "Context was fine");
    await expect.poll(() => textOf(outcome(carol.page))).toBe("Restored 1 message.");
    await expect.poll(() => texts(bob.page)).toEqual(["what the fuck is this", "sorry, long day"]);
    await expect.poll(() => textOf(rows.first())).toMatch(/Rejected.+Approved.+Context was fine/);
    await expect.poll(() => rows.getByRole("checkbox", { name: /to restore it$/ }).count()).toBe(1);
  });

  it("works the queue from the keyboard: per-row reject with confirmation and Undo, approve, shortcuts list", async () => {
    const carol = await moderator("carol");
    const { alice, bob } = await roomWithTwo("Keys");
    await send(alice.page, "what the fuck is this");
    await send(alice.page, "this shit is broken again");
    await expect
      .poll(() => queueItems(carol.page), { timeout: 15_000 })
      .toEqual(["what the fuck is this", "this shit is broken again"]);
    await expect.poll(() => placeholders(bob.page)).toHaveLength(2);
    const page = carol.page;

    // Keys typed into a field are text, not shortcuts.
    const first = page.getByRole("checkbox", { name: /Select the message from alice/ }).first();
    await first.check();
    const reason = page.getByLabel("Reason, for the audit log");
    await reason.focus();
    await page.keyboard.type("jxar?");
    expect(await reason.inputValue()).toBe("jxar?");
    expect(await page.getByRole("group", { name: /^Reject/ }).count()).toBe(0);
    expect(await page.getByRole("region", { name: "Keyboard shortcuts" }).count()).toBe(0);
    expect(await queueItems(page)).toHaveLength(2);
    await reason.fill("");
    await first.uncheck();
    await page.getByLabel("Select all").focus();

    await page.keyboard.press("j");
    expect(await focusedRow(page)).toBe("what the fuck is this");
    await page.keyboard.press("?");
    const help = page.getByRole("region", { name: "Keyboard shortcuts" });
    await help.waitFor();
    expect(await help.locator("dd").allInnerTexts()).toContain(
      "Reject the selected messages, or this one (asks first)",
    );
    await screenshot(page, "dashboard-shortcuts");
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "detached" });
    expect(await focusedRow(page)).toBe("what the fuck is this");
    await page.keyboard.press("j");
    expect(await focusedRow(page)).toBe("this shit is broken again");
    await page.keyboard.press("k");
    expect(await focusedRow(page)).toBe("what the fuck is this");

    // r asks first, on the row; Enter confirms. The next row takes the focus.
    await page.keyboard.press("r");
    const confirmation = page.getByRole("group", { name: "Reject this message? Only its author will still see it." });
    await confirmation.waitFor();
    expect(await queueItems(page)).toHaveLength(2);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Yes, reject");
    await page.keyboard.press("Enter");
    await expect.poll(() => queueItems(page), { timeout: 5_000 }).toEqual(["this shit is broken again"]);
    await expect.poll(() => textOf(outcome(page))).toBe("Rejected 1 message.");
    expect(await focusedRow(page)).toBe("this shit is broken again");
    await expect.poll(() => alice.page.locator(".badge.is-rejected").count()).toBe(1);

    // Undo: the same message restored (approved), for everyone.
    await page.getByRole("button", { name: "Undo rejected 1 message" }).click();
    await expect.poll(() => textOf(outcome(page))).toBe("Restored 1 message.");
    await expect.poll(() => texts(bob.page)).toEqual(["what the fuck is this", expect.stringMatching(/^Hidden: /)]);
    await expect.poll(() => alice.page.locator(".badge.is-rejected").count()).toBe(0);

    // a approves the row with the focus; the row's own buttons do the same with the pointer.
    await page.locator(".queue li.item").first().focus();
    await page.keyboard.press("a");
    await expect.poll(() => queueItems(page)).toEqual([]);
    await expect.poll(() => textOf(outcome(page))).toBe("Approved 1 message.");
    await expect.poll(() => texts(bob.page)).toEqual(["what the fuck is this", "this shit is broken again"]);
    expect([...alice.problems, ...bob.problems, ...carol.problems]).toEqual([]);
  });

  it("a member's report puts the message in the moderators' reported queue, live", async () => {
    const carol = await moderator("carol", { dark: true });
    await carol.page.getByText("Reported", { exact: true }).click();
    await expect.poll(() => new URL(carol.page.url()).searchParams.get("status")).toBe("REPORTED");
    const { alice, bob } = await roomWithTwo("Debates");
    await send(alice.page, "You are all wrong about this");
    await expect.poll(() => texts(bob.page)).toEqual(["You are all wrong about this"]);
    await expect.poll(() => bob.page.getByText("Checking…").count(), { timeout: 15_000 }).toBe(0);

    const message = bob.page.locator("li.message").first();
    await message.hover();
    await message.getByRole("button", { name: /^Report the message from alice/ }).click();
    await bob.page.getByLabel("Why are you reporting this message?").fill("Rude to everyone");
    await bob.page.getByRole("button", { name: "Send report" }).click();
    await expect
      .poll(() => textOf(bob.page.getByRole("status").filter({ hasText: "Reported" })))
      .toContain("a moderator will take a look");

    await expect.poll(() => queueItems(carol.page)).toEqual(["You are all wrong about this"]);
    const item = carol.page.locator(".queue li.item");
    expect(await textOf(item)).toContain("1 report");
    // The automatic moderator let it through: that reads as its verdict, not as a moderator's approval.
    const verdict = item.locator(".marks .pill");
    await expect.poll(() => textOf(verdict)).toMatch(/^Auto-approved/);
    expect(await verdict.getAttribute("title")).toBe("the automatic moderator's verdict, not a moderator's decision");
    // The moderator reads why it was reported (never by whom), with its time.
    const why = item.getByRole("list", { name: "Why members reported it" });
    expect(await why.locator("q").allInnerTexts()).toEqual(["Rude to everyone"]);
    expect(await why.locator("time").count()).toBe(1);
    expect(await textOf(carol.page.getByRole("log"))).toContain("was reported (1 report)");
    await screenshot(carol.page, "dashboard-reported-dark");

    // After a reload the app still knows bob reported it: no Report on it (the API would refuse a second), only on others.
    await send(alice.page, "Fair enough, I take that back");
    await expect.poll(() => texts(bob.page)).toHaveLength(2);
    await bob.page.reload();
    await waitUntilLive(bob.page);
    await expect.poll(() => texts(bob.page)).toEqual(["You are all wrong about this", "Fair enough, I take that back"]);
    const reportButtons = (index: number) =>
      bob.page
        .locator("li.message")
        .nth(index)
        .getByRole("button", { name: /^Report the message from alice/ });
    expect(await reportButtons(0).count()).toBe(0);
    expect(await reportButtons(1).count()).toBe(1);

    // Another moderator (the admin, over the API) decides: the feed names them, with the status and the reason.
    const admin = await env.admin();
    const queue = await admin.ok(
      gql<{ moderationQueue: { edges: { node: { id: string; text: string } }[] } }>(
        `{ moderationQueue(status: REPORTED) { edges { node { id text } } } }`,
      ),
    );
    const reported = queue.moderationQueue.edges.find((edge) => edge.node.text === "You are all wrong about this")!;
    await admin.ok(
      gql<{ moderateMessages: { id: string }[] }, { id: string }>(
        `mutation($id: ID!) { moderateMessages(input: { messageIds: [$id], action: REJECT, reason: "Rude" }) { id } }`,
      ),
      {
        id: reported.node.id,
      },
    );
    await expect
      .poll(() => textOf(carol.page.getByRole("log").locator("li").first()))
      .toMatch(
        new RegExp(`^Decision: ${TEST_ADMIN.username} rejected alice\\S*'s message in #Debates\\. Reason: “Rude”`),
      );
    await screenshot(carol.page, "dashboard-feed-decision-dark");
  });

  it("an admin makes a member a moderator (and back) in People; the open app follows at once", async () => {
    const dave = await env.person(env.b);
    const username = await signUp(dave.page, "dave");
    await createRoom(dave.page, `Dave's ${Date.now()}`); // a page with its socket live
    expect(await dave.page.getByRole("link", { name: "Moderation" }).count()).toBe(0);

    const admin = await env.person(env.a);
    await admin.page.goto("/sign-in");
    await signIn(admin.page, TEST_ADMIN.username, TEST_ADMIN.password);
    await admin.page.getByRole("link", { name: "Moderation" }).click();
    await admin.page.getByRole("tab", { name: "People" }).click();
    await admin.page.getByLabel("Search people").fill(username);
    const row = admin.page.getByRole("list", { name: "People" }).getByRole("listitem");
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole("button", { name: `Make moderator ${username}` }).click();
    await expect.poll(() => textOf(row)).toContain("Moderator");
    await screenshot(admin.page, "dashboard-people");

    // No reload: the API closes dave's socket (4504), and the app reads his role again.
    await dave.page.getByRole("link", { name: "Moderation" }).click();
    await dave.page.getByRole("heading", { name: "Moderation", level: 1 }).waitFor();

    await row.getByRole("button", { name: `Remove moderator ${username}` }).click();
    await expect.poll(() => textOf(row)).toContain("Member");
    await dave.page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor(); // the dashboard is closed to members
    expect(await dave.page.getByRole("link", { name: "Moderation" }).count()).toBe(0);
  });

  it("shows each room's figures, live, and the tabs work with the keyboard", async () => {
    const { alice, bob } = await roomWithTwo("Tallies");
    await send(alice.page, "Lovely sunny day, great to see you all");
    await send(bob.page, "The meeting is at noon");
    await send(alice.page, "what the fuck is this");
    await expect.poll(() => placeholders(bob.page), { timeout: 15_000 }).toHaveLength(1);

    const carol = await moderator("carol");
    await carol.page.getByRole("tab", { name: "Review queue" }).focus();
    await carol.page.keyboard.press("ArrowRight");
    await carol.page.keyboard.press("ArrowRight");
    await expect
      .poll(() => carol.page.getByRole("tab", { name: "Statistics" }).getAttribute("aria-selected"))
      .toBe("true");
    expect(await carol.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Statistics");
    const table = carol.page.getByRole("table", { name: "Figures by room" });
    await table.getByRole("button", { name: "#Tallies" }).waitFor();
    await screenshot(carol.page, "dashboard-stats-rooms");
    await table.getByRole("button", { name: "#Tallies" }).click();
    await carol.page.getByRole("heading", { name: "#Tallies" }).waitFor();
    const cards = carol.page.locator(".stats .cards");
    const figures = async () => (await cards.locator(".stat").allInnerTexts()).join(" ").replace(/\s+/g, " ");
    await expect.poll(figures).toMatch(/Messages 3 3 today .* Active people today 2 .* Waiting for review 1 1 flagged/);
    const tone = carol.page.getByRole("img", { name: /^Sentiment:/ });
    expect(await tone.getAttribute("aria-label")).toBe(
      "Sentiment: 34% positive (1 message), 33% neutral (1 message), 33% negative (1 message)",
    );
    await screenshot(carol.page, "dashboard-stats");

    // Another message is flagged: the figures follow.
    await send(bob.page, "this shit is broken again");
    await expect.poll(figures, { timeout: 15_000 }).toMatch(/Messages 4 .* Waiting for review 2 2 flagged/);

    // On a phone the live feed goes below the panel and the tabs scroll sideways.
    await carol.page.setViewportSize({ width: 390, height: 780 });
    await carol.page.getByRole("tab", { name: "Audit log" }).click();
    await carol.page.locator(".audit tbody tr").first().waitFor();
    await screenshot(carol.page, "dashboard-audit-phone");
  });

  it("fits a phone (390x844): every tab in reach, the audit log readable, nothing wider than the screen", async () => {
    const { alice, bob } = await roomWithTwo("Narrow");
    await send(alice.page, "what the fuck is this");
    await expect.poll(() => placeholders(bob.page), { timeout: 15_000 }).toHaveLength(1);
    // A moderator's decision with a long reason (over the API: this test is about the layout alone).
    const admin = await env.admin();
    const queue = await admin.ok(
      gql<{ moderationQueue: { edges: { node: { id: string; text: string } }[] } }>(
        `{ moderationQueue(status: FLAGGED) { edges { node { id text } } } }`,
      ),
    );
    const flagged = queue.moderationQueue.edges.filter((edge) => edge.node.text === "what the fuck is this");
    await admin.ok(MODERATE_MESSAGES, {
      input: {
        messageIds: flagged.map((edge) => edge.node.id).slice(-1),
        action: "REJECT",
        reason: "A reason long enough to need more than one line on a phone's narrow screen",
      },
    });
    const carol = await moderator("carol", { phone: true });
    const page = carol.page;
    await page.setViewportSize({ width: 390, height: 844 });
    const fits = () =>
      page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));

    // The audit log: every part of a row on the screen, who decided and why included.
    await page.getByRole("tab", { name: "Audit log" }).click();
    const row = page.locator(".audit tbody tr", { hasText: "A reason long enough" });
    await row.waitFor();
    for (const cell of ["td.message", "td.change", "td.decision"]) {
      const box = await row.locator(cell).boundingBox();
      expect({ cell, onScreen: box !== null && box.x >= 0 && box.x + box.width <= 390 && box.width > 200 }).toEqual({
        cell,
        onScreen: true,
      });
    }
    expect(await textOf(row.locator("td.decision"))).toMatch(/^chief\s*A reason long enough/);
    await screenshot(page, "dashboard-phone-audit-log");

    // Every tab on the screen as it is (no sideways scrolling to find one); no page wider than the screen.
    const tabs = page.getByRole("tab");
    expect(await tabs.allInnerTexts()).toEqual(["Review queue", "Audit log", "Statistics", "People", "Appeals"]);
    for (const name of ["Review queue", "Audit log", "Statistics", "People", "Appeals"]) {
      for (const tab of await tabs.all()) {
        const box = await tab.boundingBox();
        const label = await textOf(tab);
        expect({ label, onScreen: box !== null && box.x >= 0 && box.x + box.width <= 390 }).toEqual({
          label,
          onScreen: true,
        });
      }
      await page.getByRole("tab", { name }).click();
      await expect.poll(() => page.getByRole("tab", { name }).getAttribute("aria-selected")).toBe("true");
      if (name === "Audit log") await page.locator(".audit tbody tr").first().waitFor();
      if (name === "Statistics") await page.locator(".stats-panel").waitFor();
      await screenshot(page, `dashboard-phone-${name.toLowerCase().replace(" ", "-")}`);
      const { scrollWidth, innerWidth } = await fits();
      expect(scrollWidth, `${name} is wider than the screen`).toBeLessThanOrEqual(innerWidth);
    }
    expect(carol.problems).toEqual([]);
  });

  it("the room's creator blocks a word in its settings; the next message with it is flagged", async () => {
    const { alice, bob } = await roomWithTwo("Fruit");
    expect(await bob.page.getByRole("button", { name: "Settings" }).count()).toBe(0); // only the creator and moderators
    await alice.page.getByRole("button", { name: "Settings" }).click();
    await alice.page.getByLabel("Blocked words").fill("pineapple\nanchovies");
    await alice.page.getByLabel("Reports that hide a message until it is reviewed").fill("2");
    await alice.page.getByRole("button", { name: "Save settings" }).click();
    await expect
      .poll(() => textOf(alice.page.getByRole("status").filter({ hasText: "Saved" })))
      .toBe("Saved. The settings apply to messages sent from now on.");
    await screenshot(alice.page, "room-settings");
    await alice.page.getByRole("button", { name: "Close" }).click();

    await send(alice.page, "pineapple belongs on pizza");
    await expect
      .poll(() => placeholders(bob.page), { timeout: 15_000 })
      .toEqual(["Hidden: a word this room does not allow."]);
    await alice.page.getByRole("button", { name: "Settings" }).click();
    expect(await alice.page.getByLabel("Blocked words").inputValue()).toBe("pineapple\nanchovies");
  });

  it("the room's creator sets a category's thresholds, and resets them to the defaults", async () => {
    const alice = await env.person(env.a);
    await signUp(alice.page, "alice");
    await createRoom(alice.page, "Thresholds");
    await alice.page.getByRole("button", { name: "Settings" }).click();
    const flag = alice.page.getByRole("spinbutton", { name: "insult Flag for review at" });
    const reject = alice.page.getByRole("spinbutton", { name: "insult Reject at" });
    const defaults = { flag: await flag.inputValue(), reject: await reject.inputValue() };

    // Refused before it is sent: the field at fault is marked and takes the focus.
    await flag.fill("0.9");
    await reject.fill("0.8");
    await alice.page.getByRole("button", { name: "Save settings" }).click();
    expect(await textOf(alice.page.getByRole("alert"))).toBe(
      "Insult: the flag score cannot be above the reject score.",
    );
    expect(await flag.getAttribute("aria-invalid")).toBe("true");
    expect(await alice.page.evaluate(() => document.activeElement?.getAttribute("data-field"))).toBe("INSULT.flag");

    // With the keyboard: the arrow steps by 0.05.
    await flag.fill("0.5");
    await flag.press("ArrowUp");
    expect(await flag.inputValue()).toBe("0.55");
    await alice.page.getByRole("button", { name: "Save settings" }).click();
    await expect
      .poll(() => textOf(alice.page.getByRole("status").filter({ hasText: "Saved" })))
      .toBe("Saved. The settings apply to messages sent from now on.");
    await screenshot(alice.page, "room-settings-thresholds");
    await alice.page.getByRole("button", { name: "Close" }).click();
    await alice.page.getByRole("button", { name: "Settings" }).click();
    expect([await flag.inputValue(), await reject.inputValue()]).toEqual(["0.55", "0.8"]);

    await alice.page.getByRole("button", { name: "Reset to default (insult)" }).click();
    await alice.page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => flag.inputValue()).toBe(defaults.flag);
    expect(await reject.inputValue()).toBe(defaults.reject);
    expect(await alice.page.getByRole("button", { name: "Reset to default (insult)" }).count()).toBe(0);
    expect(alice.problems).toEqual([]);
  });
});
