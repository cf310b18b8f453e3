// Messages the viewer has sent that the server has not confirmed yet. Each has
// a clientId made once, before the first attempt: a retry sends the same one,
// and the API answers a repeated clientId with the first message, so a retry
// after a lost answer never makes a second message.
import type { CombinedError } from "@urql/core";
import type { ChatMessage } from "./timeline.ts";

export const MESSAGE_MAX_CHARS = 2_000;
/** The counter appears from here on, so it does not distract in ordinary use. */
export const COUNTER_FROM_CHARS = 1_800;

export type OutgoingMessage = {
  readonly clientId: string;
  readonly text: string;
  /** The message it replies to (kept, so a retry after a reload still replies); absent or null for none. */
  readonly replyToId?: string | null;
  /**
   * sending: on its way; waiting: refused for now (the send rate limit, slow mode), it goes again
   * by itself at `retryAt`; failed: not sent, kept with Retry and Discard.
   */
  readonly status: "sending" | "waiting" | "failed";
  /** Why the last attempt failed, in words. */
  readonly error: string | null;
  /** The last attempt never reached the server: it is sent again once the connection is back. */
  readonly unreached: boolean;
  /** When a waiting message goes again (epoch ms); null otherwise. */
  readonly retryAt?: number | null;
};

/** Length as the API counts it: after trimming, in Unicode code points, with \r\n as one. */
export function messageLength(text: string): number {
  return [...text.replace(/\r\n?/g, "\n").trim()].length;
}

export function canSend(text: string): boolean {
  const length = messageLength(text);
  return length > 0 && length <= MESSAGE_MAX_CHARS;
}

/**
 * A clientId the API accepts (letters, digits, '-'). crypto.randomUUID exists
 * only in secure contexts; getRandomValues works on plain http too.
 */
export function newClientId(random: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b)) {
  const bytes = new Uint8Array(16);
  random(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function addOutgoing(
  list: readonly OutgoingMessage[],
  clientId: string,
  text: string,
  replyToId: string | null = null,
): OutgoingMessage[] {
  const reply = replyToId ? { replyToId } : {};
  return [...list, { clientId, text, ...reply, status: "sending", error: null, unreached: false, retryAt: null }];
}

export function markSending(list: readonly OutgoingMessage[], clientId: string): OutgoingMessage[] {
  return list.map((item) =>
    item.clientId === clientId ? { ...item, status: "sending", error: null, unreached: false, retryAt: null } : item,
  );
}

/** Refused for now: it goes again by itself at `retryAt`. */
export function markWaiting(
  list: readonly OutgoingMessage[],
  clientId: string,
  error: string,
  retryAt: number,
): OutgoingMessage[] {
  return list.map((item) =>
    item.clientId === clientId ? { ...item, status: "waiting", error, unreached: false, retryAt } : item,
  );
}

export function markFailed(
  list: readonly OutgoingMessage[],
  clientId: string,
  error: string,
  unreached = false,
): OutgoingMessage[] {
  return list.map((item) =>
    item.clientId === clientId ? { ...item, status: "failed", error, unreached, retryAt: null } : item,
  );
}

/**
 * How long a refusal says to wait before the same send may go again (RATE_LIMITED's retryAfterMs,
 * or its `until` for slow mode), counted on this clock; null for any other error.
 */
export function retryAfter(error: CombinedError | null | undefined, now: number): number | null {
  for (const refusal of error?.graphQLErrors ?? []) {
    const { code, until, retryAfterMs } = refusal.extensions ?? {};
    if (code !== "RATE_LIMITED") continue;
    if (typeof retryAfterMs === "number" && retryAfterMs >= 0) return now + Math.max(retryAfterMs, 250);
    const end = typeof until === "string" ? Date.parse(until) : Number.NaN;
    return Number.isFinite(end) ? Math.max(end, now + 250) : now + 1_000;
  }
  return null;
}

// The outbox: what the viewer wrote in a room and the server has not confirmed, kept in
// localStorage (per signed-in person and room) so that a reload neither loses nor doubles it
// (a resend carries the same clientId).

export function outboxKey(userId: string, roomId: string): string {
  return `chatmod.outbox.${userId}.${roomId}`;
}

/** The stored outbox; what was on its way (or never reached the server) goes again, the rest keeps its state. */
export function loadOutbox(storage: Pick<Storage, "getItem"> | null, key: string): OutgoingMessage[] {
  let stored: unknown;
  try {
    stored = JSON.parse(storage?.getItem(key) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((item): OutgoingMessage[] => {
    if (typeof item?.clientId !== "string" || typeof item.text !== "string") return [];
    const reply = typeof item.replyToId === "string" ? { replyToId: item.replyToId } : {};
    const base = { clientId: item.clientId, text: item.text, ...reply };
    const error = typeof item.error === "string" ? item.error : null;
    if (item.status === "waiting" && typeof item.retryAt === "number")
      return [{ ...base, status: "waiting", error, unreached: false, retryAt: item.retryAt }];
    if (item.status === "failed" && !item.unreached)
      return [{ ...base, status: "failed", error, unreached: false, retryAt: null }];
    return [{ ...base, status: "sending", error: null, unreached: false, retryAt: null }];
  });
}

export function saveOutbox(
  storage: Pick<Storage, "setItem" | "removeItem"> | null,
  key: string,
  list: readonly OutgoingMessage[],
): void {
  try {
    if (list.length === 0) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or refused (private mode): the outbox still lives in memory.
  }
}

export function removeOutgoing(list: readonly OutgoingMessage[], clientId: string): OutgoingMessage[] {
  return list.filter((item) => item.clientId !== clientId);
}

/**
 * What is still waiting: a message the room already shows (by the viewer, with
 * the same clientId) is no longer pending, whichever arrived first, the event
 * or the mutation's answer.
 */
export function stillPending(
  list: readonly OutgoingMessage[],
  messages: readonly ChatMessage[],
  viewerId: string | null,
): OutgoingMessage[] {
  if (list.length === 0) return [];
  const confirmed = new Set(
    messages.filter((message) => message.author?.id === viewerId).map((message) => message.clientId),
  );
  return list.filter((item) => !confirmed.has(item.clientId));
}
