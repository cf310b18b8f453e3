import type { Database } from "@chatmod/core/db";
import { Repeater } from "@repeaterjs/repeater";

/**
 * Reads what a fact names once per replica: Redis hands every local listener
 * the same parsed fact, so keying the read by it reads Postgres once per event,
 * and every subscriber gets the same row (which the socket layer then executes
 * once per viewer class).
 */
export function readOncePerFact<Fact extends object, Row>(
  read: (db: Database, fact: Fact) => Promise<Row | null>,
): (db: Database, fact: Fact) => Promise<Row | null> {
  const reads = new WeakMap<Fact, Promise<Row | null>>();
  return (db, fact) => {
    let done = reads.get(fact);
    if (!done) {
      done = read(db, fact).catch(() => null);
      reads.set(fact, done);
    }
    return done;
  };
}

/**
 * One subscriber's rows for the facts it hears from now on, in the order the
 * facts came (reads finish in any order; each row waits for the ones before
 * it). A subscriber too slow to read is stopped and told (onOverflow), like a
 * slow room subscriber; facts whose rows are gone are skipped.
 */
export function factStream<Fact, Row>(
  listen: (listener: (fact: Fact) => void) => Promise<() => void>,
  read: (fact: Fact) => Promise<Row | null>,
  options: { buffer: number; onOverflow: () => void },
): AsyncIterableIterator<Row> {
  return new Repeater<Row>(async (push, stop) => {
    let pending = 0;
    let previous: Promise<unknown> = Promise.resolve();
    const unlisten = await listen((fact) => {
      if (++pending > options.buffer) {
        options.onOverflow();
        stop(new Error("Subscriber fell behind; reconnect."));
        return;
      }
      previous = Promise.all([read(fact), previous])
        .then(async ([row]) => {
          if (row !== null) await push(row);
        })
        .catch(() => {})
        .finally(() => {
          pending--;
        });
    });
    await stop;
    unlisten();
  });
}
