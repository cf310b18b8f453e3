import { requireViewer } from "../auth/guards.ts";
import { decoyHash, hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from "../auth/password.ts";
import { openSession, revokeSession } from "../auth/sessions.ts";
import type { Context } from "../context.ts";
import { Prisma } from "../db.ts";
import { apiError, badInput, ErrorCode } from "../errors.ts";
import * as valid from "../validation.ts";
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
    password: t.string({ required: true }),
  }),
});

function checkPassword(password: string): string {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw badInput("password", `A password is ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  return password;
}

async function loginRateLimit(context: Context, username: string): Promise<void> {
  const { env, rateLimiter } = context;
  await rateLimiter.hit(
    { name: "login", limit: env.LOGIN_RATE_LIMIT, windowMs: env.LOGIN_RATE_WINDOW_MS },
    username.toLowerCase(),
  );
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
      const passwordHash = await hashPassword(checkPassword(input.password));
      await loginRateLimit(context, `register:${username}`);
      try {
        const user = await context.db.user.create({ data: { username, passwordHash } });
        return { user, token: await openSession(context.db, user.id, context.env.SESSION_TTL_HOURS) };
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
          throw apiError(ErrorCode.CONFLICT, "That username is taken.", { field: "username" });
        throw error;
      }
    },
  }),
  login: t.field({
    type: AuthPayload,
    args: { input: t.arg({ type: Credentials, required: true }) },
    resolve: async (_root, { input }, context) => {
      await loginRateLimit(context, input.username.trim());
      const user = await context.db.user.findUnique({ where: { username: input.username.trim() } });
      // Same work for unknown users and wrong passwords: the answer does not tell which usernames exist.
      const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
      if (!user || !valid) throw apiError(ErrorCode.UNAUTHENTICATED, "Wrong username or password.");
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
