import { hashPassword } from "@chatmod/api/auth/password";
import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { gql } from "../helpers/graphql.ts";
import { type Credentials, LOGOUT } from "../helpers/operations.ts";
import { signUp, type TestApi, uniqueName } from "../helpers/stack.ts";

type Person = { id: string; username: string; role: string };
const REGISTER = gql<{ register: { token: string; user: Person } }, { input: Credentials }>(
  `mutation($input: CredentialsInput!) { register(input: $input) { token user { id username role } } }`,
);
const LOGIN = gql<{ login: { token: string; user: { username: string } } }, { input: Credentials }>(
  `mutation($input: CredentialsInput!) { login(input: $input) { token user { username } } }`,
);
const ME = gql<{ me: Person | null }>(`{ me { id username role } }`);

const api = apiForFile();

describe("accounts", () => {
  it("answers tokens looked up together each with its own viewer, and a logged-out one with nobody", async () => {
    const [alice, bob, carol] = [await signUp(api.client), await signUp(api.client), await signUp(api.client)];
    await carol.client.ok(LOGOUT);
    const { viewers } = api.app.services;
    const found = await Promise.all([viewers(bob.token), viewers(carol.token), viewers(alice.token), viewers("nope")]);
    expect(found.map((viewer) => viewer?.username ?? null)).toEqual([
      bob.user.username,
      null,
      alice.user.username,
      null,
    ]);
    expect(found[0]).toMatchObject({ id: bob.user.id, role: "MEMBER" });
    expect(await viewers(null)).toBeNull();
    expect(await viewers("x".repeat(200))).toBeNull();
  });

  it("registers, signs in, answers me, and logs out for good", async () => {
    const username = uniqueName();
    const registered = await api.client.ok(REGISTER, { input: { username, password: "a long password" } });
    expect(registered.register.user).toMatchObject({ username, role: "MEMBER" });

    const login = await api.client.ok(LOGIN, { input: { username, password: "a long password" } });
    const session = api.client.as(login.login.token);
    expect((await session.ok(ME)).me?.username).toBe(username);

    expect((await session.ok(LOGOUT)).logout).toBe(true);
    expect((await session.ok(ME)).me).toBeNull();
    expect(await session.errorCode(LOGOUT)).toBe("UNAUTHENTICATED");
    // The other session of the same user is untouched.
    expect((await api.client.as(registered.register.token).ok(ME)).me?.username).toBe(username);
  });

  it("stores an Argon2id hash, never the password", async () => {
    const { user } = await signUp(api.client);
    const db = api.app.services.db;
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("refuses a wrong password and an unknown user with the same answer", async () => {
    const { user } = await signUp(api.client);
    const wrong = await api.client.request(LOGIN, { input: { username: user.username, password: "not the password" } });
    const unknown = await api.client.request(LOGIN, { input: { username: uniqueName(), password: "whatever123" } });
    expect(wrong.errors?.[0]).toMatchObject({
      message: "Wrong username or password.",
      extensions: { code: "UNAUTHENTICATED" },
    });
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
  });

  it("validates usernames and passwords with readable errors", async () => {
    const cases = [
      { username: "ab", password: "long enough pw" },
      { username: "bad name!", password: "long enough pw" },
      { username: uniqueName(), password: "short" },
    ];
    for (const input of cases) {
      const result = await api.client.request(REGISTER, { input });
      expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(/username|password/);
    }
  });

  it("refuses a taken username with CONFLICT", async () => {
    const { user } = await signUp(api.client);
    expect(
      await api.client.errorCode(REGISTER, { input: { username: user.username, password: "another password" } }),
    ).toBe("CONFLICT");
  });

  it("keeps one account per username whatever its case, shown as typed, found in any case", async () => {
    const username = uniqueName("Alice");
    await api.client.ok(REGISTER, { input: { username, password: "a long password" } });
    const again = await api.client.request(REGISTER, {
      input: { username: username.toLowerCase(), password: "another password" },
    });
    expect(again.errors?.[0]).toMatchObject({
      message: "That username is taken.",
      extensions: { code: "CONFLICT", field: "username" },
    });
    const login = await api.client.ok(LOGIN, {
      input: { username: username.toUpperCase(), password: "a long password" },
    });
    expect(login.login.user.username).toBe(username);
  });

  it("refuses a username that only looks like a taken one, naming it", async () => {
    const stem = uniqueName("x").replace(/[01]/g, "7");
    const taken = `alice_${stem}`;
    await api.client.ok(REGISTER, { input: { username: taken, password: "a long password" } });
    for (const lookalike of [`aIice_${stem}`, `a1ice_${stem}`, `ALlCE_${stem}`, `Al1ce_${stem}`]) {
      const result = await api.client.request(REGISTER, {
        input: { username: lookalike, password: "a long password" },
      });
      expect(result.errors?.[0]).toMatchObject({
        message: `That username looks too much like "${taken}", which is taken.`,
        extensions: { code: "CONFLICT", field: "username" },
      });
    }
    await api.client.ok(REGISTER, { input: { username: `rnark_${stem}`, password: "a long password" } });
    expect(
      await api.client.errorCode(REGISTER, { input: { username: `mark_${stem}`, password: "a long password" } }),
    ).toBe("CONFLICT");
    // Names that differ to the eye are still free.
    await api.client.ok(REGISTER, { input: { username: `alex_${stem}`, password: "a long password" } });
  });

  it("signs in accounts from before the key that differ only in case by their exact names", async () => {
    const { user } = await signUp(api.client, uniqueName("Carol"));
    const lower = user.username.toLowerCase();
    // As the migration left the later of two such accounts: a key of its own.
    const older = await api.app.services.db.user.create({
      data: { username: lower, usernameKey: `${lower}#legacy`, passwordHash: await hashPassword("an older password") },
    });
    const asLower = await api.client.ok(LOGIN, { input: { username: lower, password: "an older password" } });
    expect((await api.client.as(asLower.login.token).ok(ME)).me?.id).toBe(older.id);
    const asTyped = await api.client.ok(LOGIN, {
      input: { username: user.username, password: "correct horse battery" },
    });
    expect((await api.client.as(asTyped.login.token).ok(ME)).me?.id).toBe(user.id);
  });

  it("lets only one of a race of case variants register: Postgres decides", async () => {
    const stem = uniqueName("race");
    const variants = [stem.toLowerCase(), stem.toUpperCase(), `R${stem.slice(1)}`, `rA${stem.slice(2)}`];
    const results = await Promise.all(
      variants.map((username) => api.client.request(REGISTER, { input: { username, password: "a long password" } })),
    );
    const codes = results.map((result) => result.errors?.[0]?.extensions?.["code"] ?? "OK");
    expect(codes.filter((code) => code === "OK")).toHaveLength(1);
    expect(codes.filter((code) => code === "CONFLICT")).toHaveLength(variants.length - 1);
  });

  it("rate-limits sign-ups per client address across replicas", async () => {
    // Behind a proxy, so each test picks its own address and no other test's sign-ups count.
    const behindProxy = { SIGNUP_RATE_LIMIT: "2", TRUSTED_PROXY_HOPS: "1" };
    const [first, second] = [await api.stack.startApi(behindProxy), await api.stack.startApi(behindProxy)];
    const signUpFrom = (target: TestApi, address: string) =>
      target.client.request(
        REGISTER,
        { input: { username: uniqueName(), password: "a long password" } },
        {
          "x-forwarded-for": address,
        },
      );
    expect((await signUpFrom(first, "203.0.113.10")).errors).toBeUndefined();
    expect((await signUpFrom(second, "203.0.113.10")).errors).toBeUndefined();
    const refused = await signUpFrom(first, "203.0.113.10");
    expect(refused.errors?.[0]?.message).toMatch(/^Too many attempts; try again in \d+ s\.$/);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(Number(refused.errors?.[0]?.extensions?.["retryAfterMs"])).toBeGreaterThan(0);
    expect((await signUpFrom(second, "203.0.113.11")).errors).toBeUndefined();
  });

  it("does not let a stranger's failed logins lock the owner out", async () => {
    const behindProxy = { LOGIN_RATE_LIMIT: "3", TRUSTED_PROXY_HOPS: "1" };
    const [first, second] = [await api.stack.startApi(behindProxy), await api.stack.startApi(behindProxy)];
    const { user } = await signUp(api.client);
    const loginFrom = (target: TestApi, address: string, password: string) =>
      target.client.request(LOGIN, { input: { username: user.username, password } }, { "x-forwarded-for": address });
    for (const target of [first, second, first])
      expect((await loginFrom(target, "198.51.100.66", "wrong password")).errors?.[0]?.extensions?.["code"]).toBe(
        "UNAUTHENTICATED",
      );
    const stranger = await loginFrom(second, "198.51.100.66", "correct horse battery");
    expect(stranger.errors?.[0]?.extensions?.["code"]).toBe("RATE_LIMITED");
    const owner = await loginFrom(first, "192.0.2.44", "correct horse battery");
    expect(owner.errors).toBeUndefined();
    expect(owner.data?.login).toMatchObject({ user: { username: user.username } });
  });

  it("rate-limits logins per client address, whatever the username", async () => {
    const limited = await api.stack.startApi({ LOGIN_ADDRESS_RATE_LIMIT: "3", TRUSTED_PROXY_HOPS: "1" });
    const attempt = (address: string) =>
      limited.client.request(
        LOGIN,
        { input: { username: uniqueName(), password: "wrong password" } },
        {
          "x-forwarded-for": address,
        },
      );
    for (let i = 0; i < 3; i++)
      expect((await attempt("198.51.100.77")).errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
    expect((await attempt("198.51.100.77")).errors?.[0]?.extensions?.["code"]).toBe("RATE_LIMITED");
    expect((await attempt("198.51.100.78")).errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
  });

  it("believes X-Forwarded-For only when told to trust a proxy", async () => {
    const limited = await api.stack.startApi({ LOGIN_RATE_LIMIT: "2" });
    const username = uniqueName();
    const attempt = (address: string) =>
      limited.client.request(
        LOGIN,
        { input: { username, password: "wrong password" } },
        { "x-forwarded-for": address },
      );
    expect((await attempt("198.51.100.1")).errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
    expect((await attempt("198.51.100.2")).errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
    expect((await attempt("198.51.100.3")).errors?.[0]?.extensions?.["code"]).toBe("RATE_LIMITED");
  });

  it("rate-limits logins per username and address across replicas", async () => {
    const limited = await api.stack.startApi({ LOGIN_RATE_LIMIT: "3" });
    const other = await api.stack.startApi({ LOGIN_RATE_LIMIT: "3" });
    const username = uniqueName();
    const attempt = (target: TestApi) =>
      target.client.errorCode(LOGIN, { input: { username, password: "wrong password" } });
    expect(await attempt(limited)).toBe("UNAUTHENTICATED");
    expect(await attempt(other)).toBe("UNAUTHENTICATED");
    expect(await attempt(limited)).toBe("UNAUTHENTICATED");
    const result = await other.client.request(LOGIN, { input: { username, password: "wrong password" } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(Number(result.errors?.[0]?.extensions?.["retryAfterMs"])).toBeGreaterThan(0);
  });

  it("treats a bad bearer token as signed out", async () => {
    const stranger = api.client.as("not-a-real-token");
    expect((await stranger.ok(ME)).me).toBeNull();
    expect(await stranger.errorCode(`{ rooms { edges { node { id } } } }`)).toBe("UNAUTHENTICATED");
  });

  it("makes the admin from the environment, and only when a password is given", async () => {
    const adminApi = await api.stack.startApi({
      ADMIN_USERNAME: "rootadmin",
      ADMIN_PASSWORD: "a very long admin password",
    });
    const login = await adminApi.client.ok(LOGIN, {
      input: { username: "rootadmin", password: "a very long admin password" },
    });
    expect((await adminApi.client.as(login.login.token).ok(ME)).me?.role).toBe("ADMIN");
    expect(() => api.stack.env({ NODE_ENV: "production", ADMIN_PASSWORD: "" })).toThrow(/ADMIN_PASSWORD/);
  });

  it("never hands the admin's rights to a member who signed up under the admin's name first", async () => {
    const name = uniqueName("Chief");
    const member = await api.client.ok(REGISTER, { input: { username: name, password: "member password 123" } });
    const adminApi = await api.stack.startApi({
      ADMIN_USERNAME: name.toLowerCase(),
      ADMIN_PASSWORD: "a very long admin password",
    });
    expect((await adminApi.client.as(member.register.token).ok(ME)).me?.role).toBe("MEMBER");
    const asAdmin = await adminApi.client.request(LOGIN, {
      input: { username: name.toLowerCase(), password: "a very long admin password" },
    });
    expect(asAdmin.errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
  });
});
