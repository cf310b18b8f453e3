import type { Duplex } from "node:stream";
import { MessageType } from "graphql-ws";
import { WebSocket } from "ws";
import type { Pushable } from "../live/pushable.ts";
import type { Payload } from "./shared-execution.ts";

// How frames reach the sockets: at high fan-out, write syscalls, not JavaScript, are the cost.

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
  socket: WebSocket,
  write: (socket: WebSocket, head: Buffer, body: Buffer, tail: Buffer) => void,
): AsyncIterableIterator<never> {
  return new FrameStream(payloads, headOf(id), socket, write);
}

/** One per live subscription, for its socket's lifetime: a class, so its methods are shared, not closures of each. */
class FrameStream implements AsyncIterableIterator<never> {
  private piped: Promise<IteratorReturnResult<undefined>> | null = null;

  private readonly payloads: Pushable<Payload>;
  private readonly head: Buffer;
  private readonly socket: WebSocket;
  private readonly write: (socket: WebSocket, head: Buffer, body: Buffer, tail: Buffer) => void;

  constructor(
    payloads: Pushable<Payload>,
    head: Buffer,
    socket: WebSocket,
    write: (socket: WebSocket, head: Buffer, body: Buffer, tail: Buffer) => void,
  ) {
    this.payloads = payloads;
    this.head = head;
    this.socket = socket;
    this.write = write;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorReturnResult<undefined>> {
    this.piped ??= this.payloads.pipe(this.framed.bind(this)).then(done);
    return this.piped;
  }

  async return(): Promise<IteratorReturnResult<undefined>> {
    await this.payloads.return();
    return DONE;
  }

  async throw(error: unknown): Promise<never> {
    await this.payloads.return();
    throw error;
  }

  private framed(payload: Payload): void {
    this.write(this.socket, this.head, payload, CLOSE_BRACE);
  }
}

/**
 * The start of an operation's `next` messages, in a buffer of its own: a small Buffer.from()
 * is a slice of Node's shared 8 KB pool, and a slice kept for a socket's lifetime keeps the
 * whole pool alive (measured: ~1.8 KB of native memory per idle socket).
 */
function headOf(id: string): Buffer {
  const text = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;
  const head = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  head.write(text);
  return head;
}

const done = (): IteratorReturnResult<undefined> => DONE;

/**
 * Holds each socket's text messages until the current turn of the event loop
 * ends (one batch of Redis messages), then frames them (RFC 6455: server frames
 * are not masked and, with permessage-deflate off, not compressed) into one
 * buffer, written in one syscall per socket. ws's own writes (pings, close)
 * stay whole frames, in order.
 *
 * While the replica is busy it also holds them across turns: a flush comes at
 * least `coalesceMs` after the one before, so a steady stream of events costs
 * one write per socket per interval instead of one per event (the write delay
 * Centrifugo offers for the same reason). A frame after a quiet spell goes out
 * in the same turn, so a calm room waits for nothing. With many sockets the
 * interval stretches to FLUSH_SPACING times what the last flush took, so writing
 * never takes more than a fifth of the replica's time: the more sockets a flush
 * serves, the more messages each of its writes carries.
 *
 * A socket whose reader does not keep up is found at its flush: once more than
 * `maxBufferedBytes` wait in its TCP socket, what was queued is dropped and
 * `overflowed` is told (the socket layer closes it; the client resumes).
 */
export class FrameWriter {
  /** Sockets with messages since the last flush. */
  private readonly dirty: Outbox[] = [];
  /** When the last flush ran (performance.now()); -Infinity: never. */
  private lastFlush = Number.NEGATIVE_INFINITY;
  /** How long the last flush took, in ms. */
  private lastFlushCost = 0;

  private readonly coalesceMs: number;
  private readonly maxBufferedBytes: number;
  private readonly overflowed: (socket: WebSocket) => void;

  constructor(
    coalesceMs = 0,
    maxBufferedBytes = Number.POSITIVE_INFINITY,
    overflowed: (socket: WebSocket) => void = () => {},
  ) {
    this.coalesceMs = coalesceMs;
    this.maxBufferedBytes = maxBufferedBytes;
    this.overflowed = overflowed;
    // When the server starts, not at the first frame: write() would drop every frame without a word.
    checkRawSocket(new ServerSocket(null, undefined, {}));
  }

  /**
   * Queues one text message, given as up to three UTF-8 parts (joined only
   * when written): a `next` message is the operation's head, the shared
   * payload and a closing brace, with no array or copy per subscriber.
   */
  write(socket: WebSocket, head: Buffer, body: Buffer = EMPTY, tail: Buffer = EMPTY): void {
    const raw = rawSocketOf(socket);
    if (!raw || socket.readyState !== WebSocket.OPEN) return;
    let outbox = raw[OUTBOX];
    if (!outbox) {
      outbox = { socket, raw, parts: [] };
      raw[OUTBOX] = outbox;
    }
    if (outbox.parts.length === 0) {
      if (this.dirty.length === 0) this.scheduleFlush();
      this.dirty.push(outbox);
    }
    outbox.parts.push(head, body, tail);
  }

  private scheduleFlush(): void {
    const spacing = Math.max(this.coalesceMs, FLUSH_SPACING * this.lastFlushCost);
    const wait = this.lastFlush + spacing - performance.now();
    if (wait < 1) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  /**
   * Closes a socket once what is queued for it is written: a reply sent just
   * before (the answer to the logout that ends the socket, say) is not lost.
   */
  close(socket: WebSocket, code?: number, reason?: string): void {
    const outbox = rawSocketOf(socket)?.[OUTBOX];
    if (outbox) this.writeOut(outbox);
    socket.close(code, reason);
  }

  private flush(): void {
    this.lastFlush = performance.now();
    for (const outbox of this.dirty) this.writeOut(outbox);
    this.dirty.length = 0;
    // Bounded: a flush slowed by a pause of the whole process (GC, a busy machine) spaces the next one by 20 ms at most.
    this.lastFlushCost = Math.min(performance.now() - this.lastFlush, MAX_FLUSH_COST_MS);
  }

  /** Writes a socket's queued messages, if any (close() may have written them already). */
  private writeOut({ socket, raw, parts }: Outbox): void {
    if (parts.length === 0) return;
    // Closed meanwhile: ws has written its close frame, and nothing may follow it (RFC 6455 §5.5.1).
    const open = raw.writable && socket.readyState === WebSocket.OPEN;
    // Checked once a flush, not once a message: at high fan-out that was a measured share of the time.
    const behind = open && raw.writableLength > this.maxBufferedBytes;
    if (open && !behind) raw.write(frameAll(parts));
    parts.length = 0;
    if (behind) this.overflowed(socket);
  }
}

/** ws keeps its TCP socket private; writing to it is how several frames become one write. */
function rawSocketOf(socket: WebSocket): (Duplex & { [OUTBOX]?: Outbox }) | undefined {
  return (socket as unknown as { _socket?: Duplex & { [OUTBOX]?: Outbox } })._socket;
}

/** Throws unless `socket` has the field rawSocketOf reads (ws sets it to null until a connection is adopted). */
export function checkRawSocket(socket: WebSocket): void {
  if (!("_socket" in socket))
    throw new Error(
      "This ws keeps no TCP socket in `_socket`, so no frame could be written: use the ws version pinned in package.json",
    );
}

/** A socket as WebSocketServer makes one, before a connection is adopted (ws's types know the client form only). */
const ServerSocket = WebSocket as unknown as new (address: null, protocols: undefined, options: object) => WebSocket;

const EMPTY = Buffer.alloc(0);
/** Flushes start at least this many times their own duration apart (see FrameWriter). */
const FLUSH_SPACING = 5;
const MAX_FLUSH_COST_MS = 4;
/** Where a TCP socket keeps its messages of this turn (one per socket, reused). */
const OUTBOX = Symbol("outbox");
type Outbox = { socket: WebSocket; raw: Duplex; parts: Buffer[] };

/** Unfragmented text frames, one per message (three parts each), in one buffer. */
function frameAll(parts: Buffer[]): Buffer {
  let size = 0;
  for (let i = 0; i < parts.length; i += 3) {
    const length = parts[i]!.length + parts[i + 1]!.length + parts[i + 2]!.length;
    size += (length < 126 ? 2 : length < 0x10000 ? 4 : 10) + length;
  }
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (let i = 0; i < parts.length; i += 3) {
    const length = parts[i]!.length + parts[i + 1]!.length + parts[i + 2]!.length;
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
    for (let part = i; part < i + 3; part++) offset += parts[part]!.copy(out, offset);
  }
  return out;
}
