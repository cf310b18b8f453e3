import type { Duplex } from "node:stream";
import { MessageType } from "graphql-ws";
import type { WebSocket } from "ws";
import type { Pushable } from "../live/pushable.ts";
import type { Payload } from "./shared-execution.ts";

// How frames reach the sockets: at high fan-out, write syscalls, not JavaScript, are the cost.

/** One text message to a client, as the UTF-8 parts it is made of (joined only when written). */
export type OutgoingMessage = readonly Buffer[];

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const CLOSE_BRACE = Buffer.from("}");

/**
 * Writes each shared payload as a graphql-ws `next` message: the operation's
 * own head, then the payload's bytes as they are (never serialized or encoded
 * again per subscriber). It yields nothing itself; graphql-ws still owns the
 * operation (it completes it, errors it and stops it on the client's `complete`),
 * and its one `next()` settles when the payloads end.
 */
export function writeFrames(
  payloads: Pushable<Payload>,
  id: string,
  write: (message: OutgoingMessage) => void,
): AsyncIterableIterator<never> {
  const head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`);
  let piped: Promise<IteratorReturnResult<undefined>> | null = null;
  const frames: AsyncIterableIterator<never> = {
    [Symbol.asyncIterator]: () => frames,
    next: () => (piped ??= payloads.pipe((payload) => write([head, payload, CLOSE_BRACE])).then(() => DONE)),
    return: async () => {
      await payloads.return();
      return DONE;
    },
    throw: async (error: unknown) => {
      await payloads.return();
      throw error;
    },
  };
  return frames;
}

/**
 * Holds each socket's text messages until the current turn of the event loop
 * ends (one batch of Redis messages), then frames them (RFC 6455: server frames
 * are not masked and, with permessage-deflate off, not compressed) into one
 * buffer, written in one syscall per socket. ws's own writes (pings, close)
 * stay whole frames, in order.
 */
export class FrameWriter {
  private readonly pending = new Map<Duplex, OutgoingMessage[]>();

  write(socket: WebSocket, message: OutgoingMessage): void {
    // ws keeps its TCP socket private; writing to it is how frames of one turn become one write.
    const raw = (socket as unknown as { _socket?: Duplex })._socket;
    if (!raw) return;
    const queued = this.pending.get(raw);
    if (queued) return void queued.push(message);
    if (this.pending.size === 0) setImmediate(() => this.flush());
    this.pending.set(raw, [message]);
  }

  private flush(): void {
    for (const [raw, messages] of this.pending) if (raw.writable) raw.write(frameAll(messages));
    this.pending.clear();
  }
}

/** Unfragmented text frames, one per message, in one buffer. */
function frameAll(messages: OutgoingMessage[]): Buffer {
  let size = 0;
  for (const message of messages) {
    const length = lengthOf(message);
    size += headerSize(length) + length;
  }
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const message of messages) {
    const length = lengthOf(message);
    out[offset] = 0x81; // FIN, text
    if (length < 126) {
      out[offset + 1] = length;
      offset += 2;
    } else if (length < 0x10000) {
      out[offset + 1] = 126;
      out.writeUInt16BE(length, offset + 2);
      offset += 4;
    } else {
      out[offset + 1] = 127;
      out.writeBigUInt64BE(BigInt(length), offset + 2);
      offset += 10;
    }
    for (const part of message) offset += part.copy(out, offset);
  }
  return out;
}

function lengthOf(message: OutgoingMessage): number {
  let length = 0;
  for (const part of message) length += part.length;
  return length;
}

function headerSize(length: number): number {
  return length < 126 ? 2 : length < 0x10000 ? 4 : 10;
}
