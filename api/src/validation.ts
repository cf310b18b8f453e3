import { decodeBase64, decodeCursorChunk } from "@pothos/core";
import { badInput } from "./errors.ts";

/** Input limits: part of the API contract, listed in the README. */
export const limits = {
  messageChars: 2_000,
  clientIdChars: 64,
  usernameMin: 3,
  usernameMax: 32,
  roomNameMax: 80,
  roomDescriptionMax: 500,
  slugMax: 48,
  pageSize: 100,
} as const;

// Control characters (C0, DEL, C1) other than the newline.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u;
// The same, also allowing tab and carriage return: the floor for every string (fields may be stricter).
const CONTROL_NOT_SPACE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/**
 * The rule every string argument passes (schema/argument-checks.ts) before any resolver:
 * Postgres refuses U+0000 in text, and no field has a use for the other control characters.
 */
export function noControlCharacters(field: string, name: string, value: string): void {
  if (CONTROL_NOT_SPACE.test(value))
    throw badInput(field, `${name} cannot contain control characters (only tabs and line breaks).`);
}

/** Trims, normalises line ends, and checks a message text; returns the text to store. */
/**
 * A character that shows: not blank (spaces, the Braille blank), and not one
 * that renders as nothing (zero-width spaces and joiners, Hangul fillers, and
 * the rest of Unicode's default-ignorable code points).
 */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/u;

export function messageText(raw: string): string {
  const text = raw.replace(/\r\n?/g, "\n").trim();
  const length = [...text].length;
  if (length === 0) throw badInput("text", "A message cannot be empty.");
  if (!VISIBLE.test(text)) throw badInput("text", "A message needs at least one visible character.");
  if (length > limits.messageChars)
    throw badInput("text", `A message can be at most ${limits.messageChars} characters (this one has ${length}).`);
  if (CONTROL.test(text)) throw badInput("text", "A message cannot contain control characters other than newlines.");
  return text;
}

export function clientId(raw: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw))
    throw badInput("clientId", "clientId must be 1 to 64 letters, digits, '-' or '_' (a UUID works).");
  return raw;
}

export function username(raw: string): string {
  const name = raw.trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.length < limits.usernameMin || name.length > limits.usernameMax)
    throw badInput(
      "username",
      `A username is ${limits.usernameMin} to ${limits.usernameMax} letters, digits, '.', '-' or '_'.`,
    );
  return name;
}

export function slug(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) || value.length > limits.slugMax)
    throw badInput("slug", `A room slug is lowercase letters and digits joined by '-', at most ${limits.slugMax}.`);
  return value;
}

export function boundedText(field: string, raw: string, min: number, max: number): string {
  const value = raw.trim();
  const length = [...value].length;
  if (length < min || length > max) throw badInput(field, `${field} must be ${min} to ${max} characters.`);
  if (min > 0 && !VISIBLE.test(value)) throw badInput(field, `${field} needs at least one visible character.`);
  if (CONTROL.test(value.replace(/\n/g, ""))) throw badInput(field, `${field} cannot contain control characters.`);
  return value;
}

/** A position in a room's event log (a seq): a whole number from 0. */
export function seq(field: string, raw: number): number {
  if (!Number.isInteger(raw) || raw < 0) throw badInput(field, `${field} must be a whole number from 0.`);
  return raw;
}

export function pageSize(raw: number | null | undefined, fallback = 50): number {
  const size = raw ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > limits.pageSize)
    throw badInput("limit", `Page size must be 1 to ${limits.pageSize}.`);
  return size;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are UUIDs; anything else names no row, so callers answer "not found" rather than fail in Postgres.
 * In lower case, as Postgres prints them: an id is also a key outside Postgres (a room's Redis topic,
 * its send lane, a retry's comparison), where "ABC" and "abc" would be two rooms.
 */
export function uuidOrNull(raw: string | number): string | null {
  const id = String(raw);
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** What a connection's cursor holds, part by part: row ids, or a message's room and sequence number. */
export type CursorPart = "uuid" | "seq" | "rank";

/**
 * Checks an `after` or `before` cursor against what its connection issues (@pothos/plugin-prisma's
 * "GPC:" encoding), so a forged or mangled cursor is bad input rather than a query Postgres refuses.
 */
export function cursor(argument: string, raw: string, parts: readonly CursorPart[]): void {
  const decoded = decodeCursor(raw);
  const values = parts.length === 1 ? [decoded] : decoded;
  const fits = Array.isArray(values) && values.length === parts.length;
  if (!fits || !parts.every((part, i) => isCursorPart(part, values[i])))
    throw badInput(argument, `${argument} is not a cursor of this list: pass a startCursor or endCursor it returned.`);
}

function decodeCursor(raw: string): unknown {
  try {
    const text = decodeBase64(raw);
    return text.startsWith("GPC:") ? decodeCursorChunk(text.slice(4)) : undefined;
  } catch {
    return undefined;
  }
}

function isCursorPart(part: CursorPart, value: unknown): boolean {
  if (part === "uuid") return typeof value === "string" && UUID.test(value);
  // A search rank (ts_rank): a float, 0 or more.
  if (part === "rank") return typeof value === "number" && Number.isFinite(value) && value >= 0;
  // A sequence number is a Postgres integer: anything larger fails the query.
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647;
}
