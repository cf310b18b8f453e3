import type { InjectionKey, Ref } from "vue";

/**
 * Why the viewer is muted in the room (a timeout), in words, or null: RoomChat provides it, and each
 * message hides what a muted member cannot do there (edit, report), as the composer says why.
 */
export const roomMutedKey: InjectionKey<Readonly<Ref<string | null>>> = Symbol("room muted");
