// Messages the viewer has sent that the server has not confirmed yet. Each has
// a clientId made once, before the first attempt: a retry sends the same one,
// and the API answers a repeated clientId with the first message, so a retry
// after a lost answer never makes a second message.
import type { ChatMessage } from "./timeline.ts";

export const MESSAGE_MAX_CHARS = 2_000;
/** The counter appears from here on, so it does not distract in ordinary use. */
export const COUNTER_FROM_CHARS = 1_800;

export type OutgoingMessage = {
  readonly clientId: string;
  readonly text: string;
  readonly status: "sending" | "failed";
  /** Why the last attempt failed, in words. */
  readonly error: string | null;
  /** The last attempt never reached the server: it is sent again once the connection is back. */
  readonly unreached: boolean;
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

export function addOutgoing(list: readonly OutgoingMessage[], clientId: string, text: string): OutgoingMessage[] {
  return [...list, { clientId, text, status: "sending", error: null, unreached: false }];
}

export function markSending(list: readonly OutgoingMessage[], clientId: string): OutgoingMessage[] {
  return list.map((item) =>
    item.clientId === clientId ? { ...item, status: "sending", error: null, unreached: false } : item,
  );
}

export function markFailed(
  list: readonly OutgoingMessage[],
  clientId: string,
  error: string,
  unreached = false,
): OutgoingMessage[] {
  return list.map((item) => (item.clientId === clientId ? { ...item, status: "failed", error, unreached } : item));
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
