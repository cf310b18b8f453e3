import { describe, expect, it } from "vitest";
import { groupCommit, type Settled } from "../src/group-commit.ts";

/** A flush that records its batches and finishes only when told to. */
function controlledFlush() {
  const batches: number[][] = [];
  const finishers: (() => void)[] = [];
  const flush = (items: number[]) => {
    batches.push(items);
    return new Promise<Settled<string>[]>((resolve) => {
      finishers.push(() => resolve(items.map((item) => ({ ok: true, value: `done ${item}` }))));
    });
  };
  return { flush, batches, finishNext: () => finishers.shift()!() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("groupCommit", () => {
  it("tells its observer each flush's size as the flush starts", async () => {
    const { flush, finishNext } = controlledFlush();
    const sizes: number[] = [];
    const commit = groupCommit(flush, { maxBatch: 2, maxInFlight: 1, onFlush: (size) => sizes.push(size) });
    const first = commit.submit(1);
    await tick();
    expect(sizes).toEqual([1]);
    const later = [2, 3, 4].map((item) => commit.submit(item));
    finishNext();
    await first;
    await tick();
    expect(sizes).toEqual([1, 2]);
    finishNext();
    await tick();
    expect(sizes).toEqual([1, 2, 1]);
    finishNext();
    expect(await Promise.all(later)).toEqual(["done 2", "done 3", "done 4"]);
  });

  it("flushes at once when idle, and together what arrives while a flush runs", async () => {
    const { flush, batches, finishNext } = controlledFlush();
    const commit = groupCommit(flush, { maxBatch: 10, maxInFlight: 1 });
    const first = commit.submit(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4].map((item) => commit.submit(item));
    await tick();
    expect(batches).toHaveLength(1);
    finishNext();
    expect(await first).toBe("done 1");
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    finishNext();
    expect(await Promise.all(later)).toEqual(["done 2", "done 3", "done 4"]);
  });

  it("takes at most maxBatch items per flush and runs up to maxInFlight flushes at once", async () => {
    const { flush, batches, finishNext } = controlledFlush();
    const commit = groupCommit(flush, { maxBatch: 2, maxInFlight: 2 });
    const results = [1, 2, 3, 4, 5, 6, 7].map((item) => commit.submit(item));
    await tick();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    finishNext();
    await tick();
    expect(batches.slice(2)).toEqual([[5, 6]]);
    finishNext();
    finishNext();
    await tick();
    expect(batches.slice(3)).toEqual([[7]]);
    finishNext();
    expect(await Promise.all(results)).toHaveLength(7);
  });

  it("items submitted in the same turn of the event loop share the first flush", async () => {
    const { flush, batches, finishNext } = controlledFlush();
    const commit = groupCommit(flush, { maxBatch: 10, maxInFlight: 1 });
    const results = [1, 2, 3].map((item) => commit.submit(item));
    await tick();
    expect(batches).toEqual([[1, 2, 3]]);
    finishNext();
    await Promise.all(results);
  });

  it("rejects every item of a flush that throws, and goes on with the next", async () => {
    let calls = 0;
    const commit = groupCommit<number, number>(
      async (items) => {
        calls++;
        if (calls === 1) throw new Error("transaction failed");
        return items.map((item) => ({ ok: true, value: item * 10 }));
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const failed = [1, 2].map((item) => commit.submit(item));
    for (const result of failed) await expect(result).rejects.toThrow("transaction failed");
    expect(await commit.submit(3)).toBe(30);
  });

  it("rejects only the item whose own result is an error", async () => {
    const commit = groupCommit<number, number>(
      async (items) =>
        items.map((item) => (item === 2 ? { ok: false, error: new Error("bad item") } : { ok: true, value: item })),
      { maxBatch: 10, maxInFlight: 1 },
    );
    const [one, two, three] = [1, 2, 3].map((item) => commit.submit(item));
    await expect(two).rejects.toThrow("bad item");
    expect([await one, await three]).toEqual([1, 3]);
  });

  it("flushes an item marked alone in a batch of its own", async () => {
    const { flush, batches, finishNext } = controlledFlush();
    const commit = groupCommit(flush, { maxBatch: 10, maxInFlight: 1 });
    const results = [
      commit.submit(1),
      commit.submit(2),
      commit.submit(3, { alone: true }),
      commit.submit(4),
      commit.submit(5),
    ];
    for (let flushes = 0; flushes < 3; flushes++) {
      await tick();
      finishNext();
    }
    await Promise.all(results);
    expect(batches).toEqual([[1, 2], [3], [4, 5]]);
  });
});
