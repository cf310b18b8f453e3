import { type Message, Prisma, type User } from "./db.ts";

/** An author as the live path carries it: never the password hash (nor the internal username key). */
export type PublicUser = Omit<User, "passwordHash" | "usernameKey">;
export type MessageWithAuthor = Message & { author: PublicUser };

/** The same, as JSON carries it (Postgres' json_build_object, or a fact through Redis): timestamps are text. */
export type AuthorJson = Omit<PublicUser, "createdAt"> & { createdAt: string };
type DateField = "createdAt" | "editedAt" | "deletedAt" | "moderatedAt";
export type MessageJson = Omit<Message, DateField> & {
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  moderatedAt: string | null;
  author: AuthorJson;
};

/** SQL for the author of `alias` as AuthorJson; raw SQL reads authors in the statement that reads messages. */
export function authorJson(alias: string): Prisma.Sql {
  if (!/^[a-z]+$/.test(alias)) throw new Error(`not a table alias: ${alias}`);
  return Prisma.raw(
    `json_build_object('id', ${alias}.id, 'username', ${alias}.username, 'role', ${alias}.role, 'createdAt', ${alias}."createdAt")`,
  );
}

export function authorFromJson(author: AuthorJson): PublicUser {
  return { ...author, createdAt: new Date(author.createdAt) };
}

export function messageToJson({ author, ...message }: MessageWithAuthor): MessageJson {
  return {
    ...message,
    createdAt: message.createdAt.toISOString(),
    editedAt: message.editedAt?.toISOString() ?? null,
    deletedAt: message.deletedAt?.toISOString() ?? null,
    moderatedAt: message.moderatedAt?.toISOString() ?? null,
    author: { id: author.id, username: author.username, role: author.role, createdAt: author.createdAt.toISOString() },
  };
}

export function messageFromJson(json: MessageJson): MessageWithAuthor {
  return {
    ...json,
    createdAt: new Date(json.createdAt),
    editedAt: json.editedAt === null ? null : new Date(json.editedAt),
    deletedAt: json.deletedAt === null ? null : new Date(json.deletedAt),
    moderatedAt: json.moderatedAt === null ? null : new Date(json.moderatedAt),
    author: authorFromJson(json.author),
  };
}
