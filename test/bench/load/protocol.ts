/**
 * What the load generator shares: the systems, what a client needs to reach one,
 * and the message text, which carries the step, the index and the scheduled send
 * time. Subscribers find it in the raw frame (no JSON.parse on the hot path), so
 * the client costs the same for every system.
 */
export type SystemName = "ours" | "bare-ws" | "socketio";

export type ClientParams = {
  system: SystemName;
  /** One base URL per server (http://127.0.0.1:port). */
  urls: string[];
  /** ours: session tokens of room members; subscriber i uses tokens[i % length], the publisher tokens[0]. */
  tokens: string[];
  /** The rooms of the load (ours: afterSeq is each room's lastSeq when the subscribers connect). */
  rooms: { id: string; afterSeq: number | null }[];
  /** ours: how the publisher sends sendMessage: over graphql-ws, as the web app does, or as HTTP POSTs. */
  sendOver?: OursSendTransport;
};

export type OursSendTransport = "ws" | "http";

/**
 * Which room the i-th subscriber (or message) of a load is in. Clients go to the servers
 * round-robin (i % servers), so each room takes consecutive indices, as many as there are
 * servers: every room has subscribers on, and messages sent through, every server.
 */
export function roomIndexOf(index: number, servers: number, rooms: number): number {
  return Math.floor(index / servers) % rooms;
}

/** The room of the i-th subscriber or message. */
export function roomOf(params: ClientParams, index: number): { id: string; afterSeq: number | null } {
  return params.rooms[roomIndexOf(index, params.urls.length, params.rooms.length)]!;
}

// Slashes, not pipes, between the fields: the moderator reads "|" as the letter l, and a stamp
// such as "|455|" as disguised profanity (a flagged message is masked to the other members).
const MARKER = "~B/";
const markerBytes = Buffer.from(MARKER);
const PAD = " lorem ipsum dolor sit amet, consectetur adipiscing elit";

/** Wall-clock microseconds, comparable across processes on this machine. */
export const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** A ~80-character chat message: marker, step, index, scheduled send time (µs), padding. */
export function messageText(step: number, index: number, sendMicros: number): string {
  return `${MARKER}${step}/${index}/${sendMicros}/${PAD}`;
}

export type Stamp = { step: number; index: number; sendMicros: number };

/** Finds the stamp in a raw frame; null when the frame carries none. */
export function readStamp(frame: Buffer): Stamp | null {
  const at = frame.indexOf(markerBytes);
  if (at < 0) return null;
  const fields = [0, 0, 0];
  let field = 0;
  for (let i = at + markerBytes.length; i < frame.length && field < 3; i++) {
    const byte = frame[i]!;
    if (byte === 0x2f /* / */) field++;
    else if (byte >= 0x30 && byte <= 0x39) fields[field] = fields[field]! * 10 + (byte - 0x30);
    else return null;
  }
  return field === 3 ? { step: fields[0]!, index: fields[1]!, sendMicros: fields[2]! } : null;
}

const kindBytes = Buffer.from('"kind":"');
const addedBytes = Buffer.from('"kind":"MESSAGE_ADDED"');

/** Whether a room event frame is of another kind than MESSAGE_ADDED (frames without a kind are deliveries). */
export function isLaterEvent(frame: Buffer): boolean {
  return frame.includes(kindBytes) && !frame.includes(addedBytes);
}

export const ROOM = "bench";

/** The roomEvents selection a chat client needs to render a message. */
export const ROOM_EVENTS = `subscription($roomId: ID!, $afterSeq: Int) {
  roomEvents(roomId: $roomId, afterSeq: $afterSeq) {
    seq kind message { id seq clientId text createdAt author { id username } }
  }
}`;

export const SEND_MESSAGE = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`;
