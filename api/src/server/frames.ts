import type { Duplex } from "node:stream";
import { MessageType } from "graphql-ws";
import * as ws from "ws";

// How frames reach the sockets: at high fan-out, write syscalls, not JavaScript, are the cost.

/** What sharedSubscribe streams: each event's result, serialized once for everyone who shares it. */
export function isPayloadStream(result: unknown): result is AsyncIterableIterator<string> {
  return typeof result === "object" && result !== null && Symbol.asyncIterator in result;
}

/**
 * Writes each payload as a graphql-ws `next` message, framing the shared JSON
 * text instead of serializing the result again per subscriber, and yields
 * nothing itself: graphql-ws still owns the operation (it completes it, errors
 * it and stops it on the client's `complete`).
 */
export function writeFrames(
  payloads: AsyncIterableIterator<string>,
  id: string,
  write: (frame: string) => void,
): AsyncIterableIterator<never> {
  const head = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;
  const frames: AsyncIterableIterator<never> = {
    [Symbol.asyncIterator]: () => frames,
    async next() {
      for (;;) {
        const step = await payloads.next();
        if (step.done) return { done: true, value: undefined };
        write(`${head}${step.value}}`);
      }
    },
    return: async () => {
      await payloads.return?.();
      return { done: true, value: undefined };
    },
    throw: async (error: unknown) => {
      await payloads.return?.();
      throw error;
    },
  };
  return frames;
}

/** ws frames a message with this (exported as Sender.frame; its type definitions do not declare it). */
const { frame } = (ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender;
type FrameOptions = { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean };
const TEXT = { fin: true, opcode: 0x1, mask: false, readOnly: false, rsv1: false } satisfies FrameOptions;

/**
 * Holds each socket's text messages until the current turn of the event loop
 * ends (one batch of Redis messages), then writes them, framed by ws, as one
 * buffer in one syscall per socket. Server frames are not masked and, with
 * permessage-deflate off, not compressed, so they can go to the TCP socket
 * directly; ws's own writes (pings, close) stay whole frames, in order.
 */
export class FrameWriter {
  private readonly pending = new Map<Duplex, Buffer[]>();

  write(socket: ws.WebSocket, text: string): void {
    // ws keeps its TCP socket private; writing to it is how frames of one turn become one write.
    const raw = (socket as unknown as { _socket?: Duplex })._socket;
    if (!raw) return;
    let queued = this.pending.get(raw);
    if (!queued) {
      if (this.pending.size === 0) setImmediate(() => this.flush());
      queued = [];
      this.pending.set(raw, queued);
    }
    queued.push(...frame(Buffer.from(text), TEXT));
  }

  private flush(): void {
    for (const [raw, buffers] of this.pending) if (raw.writable) raw.write(Buffer.concat(buffers));
    this.pending.clear();
  }
}
