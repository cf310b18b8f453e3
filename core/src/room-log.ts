// The room event log: the only writer of a room's sequence numbers.

import { Prisma, type RoomEventKind } from "./db.ts";

/**
 * Every change a viewer must see takes its room's next sequence number in the
 * transaction that makes it; subscribers resume by seq, so the log must have no
 * hole and must commit in seq order. Raising `Room.lastSeq` takes the room row's
 * lock, held until commit: that orders a room's writers.
 *
 * Lock order, for every writer (API and worker): first the message rows it
 * changes, in id order; then the room rows, last, in id order (here, or ahead
 * of this in the same order, as the worker's batch does). Any two writers then
 * wait for each other instead of deadlocking.
 */
export type NewRoomEvent = { roomId: string; kind: RoomEventKind; messageId: string };
export type AppendedRoomEvent = NewRoomEvent & { seq: number };

/**
 * Appends events in a Prisma transaction: each room's events get contiguous
 * seqs in the order given. Returns them by room id, then in the order given.
 */
export async function appendRoomEvents(
  tx: Prisma.TransactionClient,
  events: readonly NewRoomEvent[],
): Promise<AppendedRoomEvent[]> {
  const byRoom = new Map<string, NewRoomEvent[]>();
  for (const event of events) byRoom.set(event.roomId, [...(byRoom.get(event.roomId) ?? []), event]);
  const appended: AppendedRoomEvent[] = [];
  for (const [roomId, inRoom] of [...byRoom].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { lastSeq } = await tx.room.update({
      where: { id: roomId },
      data: { lastSeq: { increment: inRoom.length } },
      select: { lastSeq: true },
    });
    for (const [index, event] of inRoom.entries())
      appended.push({ ...event, seq: lastSeq - inRoom.length + 1 + index });
  }
  await tx.roomEvent.createMany({ data: appended });
  return appended;
}

/**
 * The same as SQL, for statements that write a whole batch at once. Two CTEs:
 * `<name>` is every row of `source` (a CTE with "roomId" and an ordering
 * "position") with its `seq`, each room's rows numbered in position order, and
 * the given columns of its room as locked; `<name>_room` raises each room's
 * lastSeq once by its count. Insert the events with `insertRoomEvents`.
 */
export function numberRoomEvents(name: string, source: string, roomColumns: readonly string[] = []): Prisma.Sql {
  for (const identifier of [name, source, ...roomColumns]) checkIdentifier(identifier);
  const returned = roomColumns.map((column) => `, r."${column}"`).join("");
  const kept = roomColumns.map((column) => `, room."${column}"`).join("");
  return Prisma.raw(`${name}_room AS (
      UPDATE "Room" r SET "lastSeq" = r."lastSeq" + c.count
      FROM (SELECT "roomId", count(*) AS count FROM ${source} GROUP BY "roomId") c
      WHERE r.id = c."roomId"
      RETURNING r.id, r."lastSeq" - c.count AS "seqBefore"${returned}
    ), ${name} AS (
      SELECT s.*, room."seqBefore" + row_number() OVER (PARTITION BY s."roomId" ORDER BY s.position) AS seq${kept}
      FROM ${source} s JOIN ${name}_room room ON room.id = s."roomId"
    )`);
}

/** A CTE `<name>` inserting one `kind` event per row of `source` (with "roomId", seq and the message id column). */
export function insertRoomEvents(
  name: string,
  kind: RoomEventKind,
  source: string,
  messageIdColumn = "messageId",
): Prisma.Sql {
  for (const identifier of [name, source, messageIdColumn]) checkIdentifier(identifier);
  return Prisma.raw(`${name} AS (
      INSERT INTO "RoomEvent" ("roomId", seq, kind, "messageId")
      SELECT "roomId", seq, '${kind}', "${messageIdColumn}" FROM ${source}
      RETURNING "messageId", seq
    )`);
}

/** Names go into SQL text: only plain identifiers. */
function checkIdentifier(identifier: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(identifier)) throw new Error(`not an SQL identifier: ${identifier}`);
}
