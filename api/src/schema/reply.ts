import type { User as UserRow } from "@chatmod/core/db";
import type { MessageWithAuthor, PublicUser } from "@chatmod/core/message-json";
import { isModerator } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";
import { excerpt, loadReplied } from "../chat/replies.ts";
import { type Visibility, viewMessage } from "../moderation/visibility.ts";
import { builder } from "./builder.ts";
import { Message, MessageVisibility } from "./message.ts";
import { User } from "./user.ts";

type Preview = {
  id: string;
  seq: number;
  deleted: boolean;
  visibility: Visibility;
  excerpt: string | null;
  author: PublicUser | null;
};

const ReplyPreview = builder.objectRef<Preview>("ReplyPreview").implement({
  description: "The message a reply quotes: enough to show it and to open the room's history at it (`seq`).",
  fields: (t) => ({
    id: t.exposeID("id"),
    seq: t.exposeInt("seq", { description: "Where the original is in the room's history." }),
    deleted: t.exposeBoolean("deleted", { description: "The original was deleted: the preview has no text." }),
    visibility: t.field({ type: MessageVisibility, resolve: (preview) => preview.visibility }),
    excerpt: t.exposeString("excerpt", {
      nullable: true,
      description: "The start of the original's text (140 characters at most); null when deleted, masked or hidden.",
    }),
    author: t.field({
      type: User,
      nullable: true,
      description: "Null when the original is hidden.",
      // The public fields only, as a live event carries authors (Message.author does the same).
      resolve: (preview) => preview.author as UserRow | null,
    }),
  }),
});

/**
 * What a reply shows of its original. A live event's reply is executed once per viewer class of the
 * reply (server/shared-execution.ts), not of the original, so its preview cannot depend on who wrote the
 * original: everyone but moderators sees it as other members do, its own author included.
 */
export function previewOf(original: MessageWithAuthor, viewer: Viewer | null): Preview {
  const view = viewMessage(original, isModerator(viewer) ? viewer : null);
  return {
    id: original.id,
    seq: original.seq,
    deleted: original.deletedAt !== null,
    visibility: view.visibility,
    excerpt: view.text === null ? null : excerpt(view.text),
    author: view.visibility === "HIDDEN" ? null : original.author,
  };
}

builder.objectField(Message, "replyTo", (t) =>
  t.field({
    type: ReplyPreview,
    nullable: true,
    description:
      "The message this one replies to, as a quoted preview; null when it replies to none. Only moderators see " +
      "more of it than other members do: a hidden original shows no text and no author, a masked one no text.",
    resolve: async (message, _args, context) => {
      // A hidden reply carries nothing beyond its id and seq: not even what it answers.
      if (!message.replyToId || viewMessage(message, context.viewer).visibility === "HIDDEN") return null;
      const original = await loadReplied(context.db, message.replyToId);
      return original ? previewOf(original, context.viewer) : null;
    },
  }),
);
