import type { CombinedError } from "@urql/core";
import { ref, shallowRef } from "vue";
import { describeRefusal } from "../chat/sanction.ts";
import {
  CreateRoomDocument,
  type CreateRoomInput,
  JoinRoomDocument,
  LeaveRoomDocument,
  type RoomPageFragment,
  type RoomSummaryFragment,
  RoomsDocument,
} from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";

export type RoomSummary = RoomSummaryFragment;
/** A room as its own page reads it: with slow mode and the viewer's sanction there (joining and leaving answer it too). */
export type RoomPage = RoomPageFragment;
type Outcome<Room> = { room: Room; error: null } | { room: null; error: string };

/** The room directory: list, create, join, leave. Each change returns the room as it is now, or an error. */
export function useRooms(transport?: ChatTransport) {
  const { client } = transport ?? useTransport();
  const rooms = shallowRef<RoomSummary[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    const result = await client.query(RoomsDocument, { first: 100 }).toPromise();
    loading.value = false;
    error.value = result.error ? describeError(result.error) : null;
    if (result.data) rooms.value = result.data.rooms.edges.map((edge) => edge.node);
  }

  /** A room as it is now, in place (or first, when it is new). */
  function replace(room: RoomSummary): void {
    const known = rooms.value.some((each) => each.id === room.id);
    rooms.value = known ? rooms.value.map((each) => (each.id === room.id ? room : each)) : [room, ...rooms.value];
  }

  async function change<Room extends RoomSummary>(
    request: Promise<{ room: Room | undefined; error: CombinedError | undefined }>,
  ): Promise<Outcome<Room>> {
    const { room, error: failure } = await request;
    if (!room) return { room: null, error: describeRefusal(failure) };
    replace(room);
    return { room, error: null };
  }

  const create = (input: CreateRoomInput) =>
    change(
      client
        .mutation(CreateRoomDocument, { input })
        .toPromise()
        .then((r) => ({ room: r.data?.createRoom, error: r.error })),
    );
  const join = (roomId: string) =>
    change(
      client
        .mutation(JoinRoomDocument, { roomId })
        .toPromise()
        .then((r) => ({ room: r.data?.joinRoom, error: r.error })),
    );
  const leave = (roomId: string) =>
    change(
      client
        .mutation(LeaveRoomDocument, { roomId })
        .toPromise()
        .then((r) => ({ room: r.data?.leaveRoom, error: r.error })),
    );

  return { rooms, loading, error, refresh, create, join, leave, put: replace };
}
