import { computed, getCurrentScope, onScopeDispose, shallowRef } from "vue";
import { RoomPresenceDocument, type RoomPresenceFragment, SetTypingDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { useResubscribing } from "./useResubscribing.ts";

export type PresentUser = RoomPresenceFragment["online"][number];

/** As often as the API writes a typing signal (TYPING_THROTTLE_MS): more would be absorbed anyway. */
export const TYPING_SIGNAL_EVERY_MS = 2_000;

/** Who is typing, in words: nobody is "", up to two by name, more "Several people". */
export function typingSentence(names: readonly string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

/** The header's count: "1 online", "3 online". */
export function onlineLabel(count: number): string {
  return `${count} online`;
}

/**
 * When the composer says the viewer is typing: at its first keystroke, then at most once
 * per `everyMs` while the draft has text (the API keeps "typing" a few seconds per signal);
 * "stopped" once, when the draft is emptied or the box left. A sent message stops typing on
 * the server by itself, so after a send nothing is said and the next keystroke signals at once.
 */
export class TypingSignal {
  private lastSignalAt: number | null = null;

  private readonly signal: (typing: boolean) => void;
  private readonly now: () => number;
  private readonly everyMs: number;

  constructor(signal: (typing: boolean) => void, now: () => number = Date.now, everyMs = TYPING_SIGNAL_EVERY_MS) {
    this.signal = signal;
    this.now = now;
    this.everyMs = everyMs;
  }

  /** The draft changed. */
  input(draft: string): void {
    if (draft.trim() === "") {
      this.stop();
      return;
    }
    const now = this.now();
    if (this.lastSignalAt !== null && now - this.lastSignalAt < this.everyMs) return;
    this.lastSignalAt = now;
    this.signal(true);
  }

  /** The draft was emptied or the box left: tell others, if they were told of typing. */
  stop(): void {
    if (this.lastSignalAt === null) return;
    this.lastSignalAt = null;
    this.signal(false);
  }

  /** A message was sent: the API has stopped the typing already. */
  sent(): void {
    this.lastSignalAt = null;
  }
}

/**
 * A room's presence while its chat is open: subscribing counts the viewer as present (the
 * API keeps it alive and ends it when the socket does), and brings who else is in the room
 * and typing, at once and after each change. `typing` leaves the viewer out. `signal` is
 * what the composer calls as its draft changes.
 */
export function usePresence(roomId: string, viewerId: () => string | null, transport?: ChatTransport) {
  const chat = transport ?? useTransport();
  const latest = shallowRef<RoomPresenceFragment | null>(null);

  const stream = useResubscribing(
    RoomPresenceDocument,
    () => ({ roomId }),
    {
      onData: (data) => {
        latest.value = data.roomPresence;
      },
      // Typing and presence are best effort: a refusal (a ban) is the room's to show, not this.
      onRefused: () => "stop",
    },
    { transport: chat },
  );

  const online = computed(() => latest.value?.online ?? []);
  const typing = computed(() => (latest.value?.typing ?? []).filter((user) => user.id !== viewerId()));
  const typingText = computed(() => typingSentence(typing.value.map((user) => user.username)));

  // A lost signal costs a few seconds of "typing…" at most: failures are not shown.
  const signal = new TypingSignal((isTyping) => {
    void chat.client.mutation(SetTypingDocument, { roomId, typing: isTyping }).toPromise();
  });
  if (getCurrentScope()) onScopeDispose(() => signal.stop());

  return { online, typing, typingText, state: stream.state, signal };
}
