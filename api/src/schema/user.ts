import { Prisma } from "@chatmod/core/db";
import { inForceWhere } from "@chatmod/core/sanctions";
import { requireViewer } from "../auth/guards.ts";
import { decoyHash, hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from "../auth/password.ts";
import { openSession, revokeSession } from "../auth/sessions.ts";
import { limitLogins, limitSignUps } from "../auth/throttle.ts";
import { findAccount, usernameKey } from "../auth/usernames.ts";
import type { Context } from "../context.ts";
import { apiError, badInput, ErrorCode } from "../errors.ts";
import { sanctionError } from "../moderation/sanctions.ts";
import * as valid from "../validation.ts";
import { anyCharacter } from "./argument-checks.ts";
import { builder } from "./builder.ts";

export const Role = builder.enumType("Role", { values: ["MEMBER", "MODERATOR", "ADMIN"] as const });

export const User = builder.prismaObject("User", {
  description: "A person who chats. The password hash never leaves the server.",
  fields: (t) => ({
    id: t.exposeID("id"),
    username: t.exposeString("username"),
    role: t.field({ type: Role, resolve: (user) => user.role }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

type Session = { token: string; user: { id: string } };

const AuthPayload = builder.objectRef<Session>("AuthPayload").implement({
  description:
    "A new session: send the token as `Authorization: Bearer <token>` or as `authToken` in connection params.",
  fields: (t) => ({
    token: t.exposeString("token"),
    user: t.prismaField({
      type: User,
      resolve: (query, session, _args, context) =>
        context.db.user.findUniqueOrThrow({ ...query, where: { id: session.user.id } }),
    }),
  }),
});

const Credentials = builder.inputType("CredentialsInput", {
  fields: (t) => ({
    username: t.string({ required: true }),
    // Only hashed, and accounts made before control characters were refused must still sign in.
    password: t.string({ required: true, ...anyCharacter }),
  }),
});

function checkPassword(password: string): string {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw badInput("password", `A password is ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  return password;
}

builder.queryField("me", (t) =>
  t.prismaField({
    type: User,
    nullable: true,
    description: "The signed-in user, or null.",
    resolve: (query, _root, _args, context) =>
      context.viewer ? context.db.user.findUnique({ ...query, where: { id: context.viewer.id } }) : null,
  }),
);

builder.mutationFields((t) => ({
  register: t.field({
    type: AuthPayload,
    description: "Creates an account and signs in.",
    args: { input: t.arg({ type: Credentials, required: true }) },
    resolve: async (_root, { input }, context) => {
      const username = valid.username(input.username);
      const password = checkPassword(input.password);
      // Before the hash: a refused sign-up costs no Argon2 work.
      await limitSignUps(context);
      const passwordHash = await hashPassword(password);
      try {
        const user = await context.db.user.create({
          data: { username, usernameKey: usernameKey(username), passwordHash },
        });
        return { user, token: await openSession(context.db, user.id, context.env.SESSION_TTL_HOURS) };
      } catch (error) {
        // The key is unique in Postgres: a name taken in any case or lookalike fails here, even in a race.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
          throw await usernameTaken(context, username);
        throw error;
      }
    },
  }),
  login: t.field({
    type: AuthPayload,
    args: { input: t.arg({ type: Credentials, required: true }) },
    resolve: async (_root, { input }, context) => {
      const typed = input.username.trim();
      await limitLogins(context, usernameKey(typed));
      const user = await findAccount(context.db, typed);
      // Same work for unknown users and wrong passwords: the answer does not tell which usernames exist.
      const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
      if (!user || !valid) throw apiError(ErrorCode.UNAUTHENTICATED, "Wrong username or password.");
      // Only after the password: the refusal tells that the account exists, and why it may not sign in.
      const suspension = await context.db.sanction.findFirst({
        where: { userId: user.id, kind: "SUSPENSION", ...inForceWhere() },
        orderBy: { endsAt: { sort: "desc", nulls: "first" } },
      });
      if (suspension) throw sanctionError(suspension);
      return { user, token: await openSession(context.db, user.id, context.env.SESSION_TTL_HOURS) };
    },
  }),
  logout: t.boolean({
    description: "Ends the current session: its token stops working everywhere.",
    resolve: async (_root, _args, context) => {
      const viewer = requireViewer(context);
      await revokeSession(context.db, viewer.sessionId);
      await context.viewers.changed({ sessionId: viewer.sessionId });
      return true;
    },
  }),
}));

/** Why a username cannot be had: it is taken, or it looks too much like one that is (named, as everyone sees it). */
async function usernameTaken(context: Context, username: string) {
  const holder = await context.db.user.findUnique({ where: { usernameKey: usernameKey(username) } });
  const message =
    holder && holder.username.toLowerCase() !== username.toLowerCase()
      ? `That username looks too much like "${holder.username}", which is taken.`
      : "That username is taken.";
  return apiError(ErrorCode.CONFLICT, message, { field: "username" });
}
