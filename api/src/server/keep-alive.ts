import type { WebSocket } from "ws";

/** Slots per ping period: a socket is pinged at its slot's turn, so pings stay spread over the period. */
const SLOTS = 32;
/** Whether the peer answered the last ping: on the socket itself, as ws's own keep-alive example does. */
const ALIVE = Symbol("alive");
type Watched = WebSocket & { [ALIVE]?: boolean };

/**
 * Pings each socket once per period; a peer that has not answered the previous ping is gone and is
 * terminated (its subscriptions end), so a dead peer is found within two periods. One timer for
 * every socket instead of one each (a timer, its closures and a pong closure were ~0.6 KB per
 * socket): the period is cut into SLOTS turns, and a socket joins the turn that comes round one
 * period after it connected, so sockets are pinged as spread out as they connected.
 */
export class KeepAlive {
  private readonly slots: Set<Watched>[] = Array.from({ length: SLOTS }, () => new Set());
  /** The slot whose turn comes next. */
  private turn = 0;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  constructor(periodMs: number) {
    this.tickMs = Math.max(1, Math.round(periodMs / SLOTS));
  }

  add(socket: Watched): void {
    socket[ALIVE] = true;
    socket.on("pong", markAlive);
    // The slot whose turn has just passed: its next turn is one period away.
    this.slots[(this.turn + SLOTS - 1) % SLOTS]!.add(socket);
    if (this.count++ === 0) this.timer = setInterval(() => this.tick(), this.tickMs).unref();
  }

  delete(socket: Watched): void {
    for (const slot of this.slots) if (slot.delete(socket)) this.count--;
    if (this.count > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const slot = this.slots[this.turn]!;
    this.turn = (this.turn + 1) % SLOTS;
    for (const socket of slot) {
      if (!socket[ALIVE]) socket.terminate();
      else {
        socket[ALIVE] = false;
        socket.ping();
      }
    }
  }
}

function markAlive(this: Watched): void {
  this[ALIVE] = true;
}
