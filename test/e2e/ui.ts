// What a person does in the app, through its labels and roles (as a screen reader would find them).
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { uniqueName } from "../helpers/stack.ts";

export const PASSWORD = "correct horse battery";
const screenshots = fileURLToPath(new URL("../../test-artifacts/screenshots/", import.meta.url));

export async function signUp(page: Page, stem: string): Promise<string> {
  const username = uniqueName(stem);
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor();
  return username;
}

export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Creates a room from the rooms page; lands in it, live. */
export async function createRoom(page: Page, name: string, description = ""): Promise<void> {
  await page.getByRole("button", { name: "New room" }).click();
  await page.getByLabel("Name").fill(name);
  if (description) await page.getByLabel(/Description/).fill(description);
  await page.getByRole("button", { name: "Create room" }).click();
  await waitUntilLive(page);
}

/** Joins a room from the rooms page (reloaded, to see rooms made since); lands in it, live. */
export async function joinRoom(page: Page, name: string): Promise<void> {
  await page.goto("/rooms");
  await page.getByRole("button", { name: `Join ${name}` }).click();
  await waitUntilLive(page);
}

export async function waitUntilLive(page: Page): Promise<void> {
  // The page's path goes with the state, so a failure says whether it was in a room at all.
  const where = async () => `${await connection(page)} at ${new URL(page.url()).pathname}`;
  await expect.poll(where, { timeout: 15_000 }).toMatch(/^Connection: Live at /);
}

/** An element's text as one line (textContent, with its whitespace collapsed). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** The member count in the room's header, as shown ("2 members"). */
export async function members(page: Page): Promise<string> {
  return (await textOf(page.locator(".room-header .meta"))).match(/^\d+ members?/)?.[0] ?? "";
}

export function connection(page: Page): Promise<string> {
  return textOf(page.getByRole("status").filter({ hasText: "Connection:" })).catch(() => "");
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel(/^Message #/);
  await box.fill(text);
  await box.press("Enter");
}

/**
 * Counts the page's sendMessage operations from now on, by the way they went: HTTP POSTs to /graphql,
 * or graphql-ws `subscribe` frames on its socket (the app sends messages over the socket when signed in).
 * Start it before the page opens its socket.
 */
export function watchSends(page: Page): { http: number; socket: number } {
  const sends = { http: 0, socket: 0 };
  const carriesSend = (body: string | Buffer | null) => String(body ?? "").includes("sendMessage");
  page.on("request", (request) => {
    if (
      request.method() === "POST" &&
      new URL(request.url()).pathname === "/graphql" &&
      carriesSend(request.postData())
    )
      sends.http++;
  });
  page.on("websocket", (socket) =>
    socket.on("framesent", ({ payload }) => {
      if (carriesSend(payload) && String(payload).includes('"type":"subscribe"')) sends.socket++;
    }),
  );
  return sends;
}

/** The texts of the room's messages, top to bottom (confirmed ones, not those still sending). */
export function texts(page: Page): Promise<string[]> {
  return page.locator("li.message .text").allInnerTexts();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}${name}.png` });
}

/** Who is signed in on the page: the session the app keeps in localStorage. */
export function signedIn(page: Page): Promise<{ token: string; user: { id: string } }> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("chatmod.session") ?? "{}"));
}

export const userIdOf = async (page: Page): Promise<string> => (await signedIn(page)).user.id;
export const tokenOf = async (page: Page): Promise<string> => (await signedIn(page)).token;
