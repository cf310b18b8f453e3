import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WebSocket } from "ws";
import { KeepAlive } from "../src/server/keep-alive.ts";

/** What KeepAlive uses of a ws socket: ping, terminate and the "pong" event. */
class FakeSocket extends EventEmitter {
  pings: number[] = [];
  terminatedAt: number | null = null;
  private readonly answers: boolean;

  constructor(answers: boolean) {
    super();
    this.answers = answers;
  }
  ping(): void {
    this.pings.push(Date.now());
    if (this.answers) queueMicrotask(() => this.emit("pong"));
  }
  terminate(): void {
    this.terminatedAt = Date.now();
  }
}

const asSocket = (socket: FakeSocket) => socket as unknown as WebSocket;

afterEach(() => {
  vi.useRealTimers();
});

describe("keep-alive pings", () => {
  it("pings a socket once per period, the first time one period after it joined", async () => {
    vi.useFakeTimers({ now: 0 });
    const keepAlive = new KeepAlive(3_200);
    const socket = new FakeSocket(true);
    keepAlive.add(asSocket(socket));
    await vi.advanceTimersByTimeAsync(3_199);
    expect(socket.pings).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(3_200 * 3);
    expect(socket.pings).toEqual([3_200, 6_400, 9_600, 12_800]);
    expect(socket.terminatedAt).toBeNull();
    keepAlive.delete(asSocket(socket));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("terminates a peer that leaves a ping unanswered within two periods, and keeps one that answers", async () => {
    vi.useFakeTimers({ now: 0 });
    const keepAlive = new KeepAlive(1_000);
    const [silent, answering] = [new FakeSocket(false), new FakeSocket(true)];
    await vi.advanceTimersByTimeAsync(437);
    keepAlive.add(asSocket(silent));
    keepAlive.add(asSocket(answering));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(silent.pings).toHaveLength(1);
    expect(silent.terminatedAt).not.toBeNull();
    expect((silent.terminatedAt ?? 0) - 437).toBeLessThanOrEqual(2_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(answering.terminatedAt).toBeNull();
    expect(answering.pings.length).toBeGreaterThanOrEqual(6);
    keepAlive.delete(asSocket(silent));
    keepAlive.delete(asSocket(answering));
  });

  it("pings sockets as spread out as they joined, not all at once", async () => {
    vi.useFakeTimers({ now: 0 });
    const keepAlive = new KeepAlive(3_200);
    const sockets = Array.from({ length: 320 }, () => new FakeSocket(true));
    // One every 10 ms over one period.
    for (const socket of sockets) {
      keepAlive.add(asSocket(socket));
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(3_200);
    const perMoment = new Map<number, number>();
    for (const socket of sockets) for (const at of socket.pings) perMoment.set(at, (perMoment.get(at) ?? 0) + 1);
    expect(Math.max(...perMoment.values())).toBeLessThanOrEqual(10);
    for (const socket of sockets) expect(socket.pings.length).toBeGreaterThanOrEqual(1);
    for (const socket of sockets) keepAlive.delete(asSocket(socket));
    expect(vi.getTimerCount()).toBe(0);
  });
});
