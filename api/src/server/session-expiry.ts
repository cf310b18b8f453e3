import { CloseCode } from "graphql-ws";

/** setTimeout's longest wait (about 24.8 days); a longer one would fire at once. Sessions last 30 days. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

type Closable = { close(code: number, reason: string): void };

/**
 * Closes sockets with 4403, as a logout does, when their session ends by time: an idle socket would
 * otherwise outlive it. One timer for every socket of the replica (a timer each was ~0.45 KB per
 * socket), set for the earliest expiry; when it fires, the sockets due are closed and the next
 * earliest is found by a scan, once per expiry. Waits in steps of at most MAX_TIMER_MS; the timer
 * does not keep the process alive.
 */
export class SessionExpiry {
  private readonly due = new Map<Closable, number>();
  private timer: NodeJS.Timeout | undefined;
  /** When the timer is set for (the earliest expiry), Infinity when none. */
  private timerAt = Number.POSITIVE_INFINITY;

  /** Closes `socket` at `expiresAt` (at once if that has passed) unless it is deleted first. */
  add(socket: Closable, expiresAt: Date): void {
    const at = expiresAt.getTime();
    if (at <= Date.now()) {
      socket.close(CloseCode.Forbidden, "Session expired");
      return;
    }
    this.due.set(socket, at);
    if (at < this.timerAt) this.schedule(at);
  }

  /** The socket closed first. */
  delete(socket: Closable): void {
    this.due.delete(socket);
    if (this.due.size > 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private schedule(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.min(at - Date.now(), MAX_TIMER_MS)).unref();
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [socket, at] of this.due) {
      if (at > now) next = Math.min(next, at);
      else {
        this.due.delete(socket);
        socket.close(CloseCode.Forbidden, "Session expired");
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.schedule(next);
  }
}
