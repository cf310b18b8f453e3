import { CloseCode } from "graphql-ws";

/** setTimeout's longest wait (about 24.8 days); a longer one would fire at once. Sessions last 30 days. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Closes a socket with 4403, as a logout does, when its session ends by time: an idle socket would
 * otherwise outlive it. Waits in steps of at most MAX_TIMER_MS; the timer does not keep the process
 * alive. Returns the cancel to call when the socket closes first.
 */
export function closeAtExpiry(socket: { close(code: number, reason: string): void }, expiresAt: Date): () => void {
  let timer: NodeJS.Timeout | undefined;
  const wait = () => {
    const left = expiresAt.getTime() - Date.now();
    if (left <= 0) return socket.close(CloseCode.Forbidden, "Session expired");
    timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS)).unref();
  };
  wait();
  return () => clearTimeout(timer);
}
