import { mount } from "@vue/test-utils";
import type { ChatMessage } from "../chat/timeline.ts";
import MessageList from "../components/chat/MessageList.vue";
import { messageActionsKey, useMessageActions } from "../composables/useMessageActions.ts";
import { reactionsKey, useReactions } from "../composables/useReactions.ts";
import { FakeTransport } from "./fake-transport.ts";
import { ALICE } from "./fixtures.ts";

const base = { viewerId: ALICE.id, viewerName: "alice", hasOlder: false, loadingOlder: false, pending: [] };

/** The message list as alice sees it, with each message's actions and reactions provided as RoomChat does. */
export function mountMessageList(messages: ChatMessage[], extra: Record<string, unknown> = {}) {
  return mount(MessageList, {
    props: { ...base, messages, ...extra },
    attachTo: document.body,
    global: {
      provide: {
        [messageActionsKey]: useMessageActions(() => () => {}, new FakeTransport().transport),
        [reactionsKey]: useReactions(() => () => {}, new FakeTransport().transport),
      },
    },
  });
}
