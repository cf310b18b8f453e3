// Group commit: many callers each wait for their own result while their work is done together.

/** One item's result from a flush: its value, or the error that fails that item alone. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type GroupCommitOptions = {
  /** The most items one flush takes. */
  maxBatch: number;
  /** Flushes running at once; more items wait and go together in the next one. */
  maxInFlight: number;
  /** Told each flush's size as it starts: an observer, for metrics. */
  onFlush?: (size: number) => void;
};

export type GroupCommit<Item, Result> = {
  /**
   * Resolves with this item's result once its flush is done. `alone`: flush it in
   * a batch of its own (an item that failed before cannot take others down with it).
   */
  submit(item: Item, options?: { alone?: boolean }): Promise<Result>;
};

type Waiting<Item, Result> = {
  item: Item;
  alone: boolean;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
};

/**
 * Runs `flush` on the items submitted meanwhile. A flush starts as soon as a slot
 * is free, so an idle system adds no delay; while the slots are busy, items pile
 * up and the next flush takes them all (up to maxBatch). `flush` returns one
 * Settled per item, in order; if it throws, every item of that flush is rejected.
 */
export function groupCommit<Item, Result>(
  flush: (items: Item[]) => Promise<Settled<Result>[]>,
  { maxBatch, maxInFlight, onFlush }: GroupCommitOptions,
): GroupCommit<Item, Result> {
  const waiting: Waiting<Item, Result>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const run = async (batch: Waiting<Item, Result>[]) => {
    try {
      onFlush?.(batch.length);
      const results = await flush(batch.map((entry) => entry.item));
      if (results.length !== batch.length)
        throw new Error(`flush returned ${results.length} results for ${batch.length} items`);
      for (const [index, entry] of batch.entries()) {
        const result = results[index]!;
        if (result.ok) entry.resolve(result.value);
        else entry.reject(result.error);
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      inFlight--;
      pump();
    }
  };

  const pump = () => {
    while (inFlight < maxInFlight && waiting.length > 0) {
      inFlight++;
      void run(take());
    }
  };

  const take = (): Waiting<Item, Result>[] => {
    if (waiting[0]!.alone) return waiting.splice(0, 1);
    const end = waiting.findIndex((entry, index) => entry.alone || index >= maxBatch);
    return waiting.splice(0, end === -1 ? waiting.length : end);
  };

  return {
    submit(item, options = {}) {
      return new Promise<Result>((resolve, reject) => {
        waiting.push({ item, alone: options.alone ?? false, resolve, reject });
        // Items that arrive in the same turn of the event loop (one socket read) share a flush.
        if (scheduled) return;
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          pump();
        });
      });
    },
  };
}
