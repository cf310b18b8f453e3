/**
 * A stream that hands its items to one consumer synchronously, in order, as
 * they become ready. At high fan-out every subscriber of a room handles every
 * event, and one promise (and its garbage) per item and subscriber was a
 * measured share of the server's time; a sink is a plain call.
 */
export interface Pushable<T> {
  /** Hands each item to `sink`, in order; resolves when the stream is stopped (`return()`), rejects if it fails. */
  pipe(sink: (item: T) => void): Promise<void>;
  /** Stops the stream; a pending `pipe` resolves. */
  return(): Promise<unknown>;
}

export function isPushable<T>(value: unknown): value is Pushable<T> {
  return typeof value === "object" && value !== null && typeof (value as Partial<Pushable<T>>).pipe === "function";
}

/** Pipes any source into `sink`: pushed where the source can push, otherwise pulled item by item. */
export async function pipeInto<T>(source: AsyncIterator<T> | Pushable<T>, sink: (item: T) => void): Promise<void> {
  if (isPushable<T>(source)) return source.pipe(sink);
  for (let step = await source.next(); !step.done; step = await source.next()) sink(step.value);
}

/**
 * Hands values to `sink` in the order they were given, holding back any that
 * follow one still being computed (a promise). Values given while nothing is
 * held go straight through. A rejected value stops it and goes to `fail`.
 */
export class InOrder<T> {
  private readonly held: (T | Promise<T>)[] = [];
  private releasing: Promise<void> = Promise.resolve();
  private failed = false;

  private readonly sink: (value: T) => void;
  private readonly fail: (error: unknown) => void;

  constructor(sink: (value: T) => void, fail: (error: unknown) => void) {
    this.sink = sink;
    this.fail = fail;
  }

  push(value: T | Promise<T>): void {
    if (this.failed) return;
    if (this.held.length === 0 && !(value instanceof Promise)) this.sink(value);
    else if (this.held.push(value) === 1) this.releasing = this.release();
  }

  /** Settles once every value given so far has reached the sink (or it failed). */
  settled(): Promise<void> {
    return this.releasing;
  }

  private async release(): Promise<void> {
    try {
      while (this.held.length > 0 && !this.failed) {
        this.sink(await this.held[0]!);
        this.held.shift();
      }
    } catch (error) {
      this.failed = true;
      this.fail(error);
    }
  }
}
