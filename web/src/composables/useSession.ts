import type { Client } from "@urql/core";
import { storeToRefs } from "pinia";
import { describeRefusal } from "../chat/sanction.ts";
import { MeDocument, SignInDocument, SignOutDocument, SignUpDocument } from "../gql/graphql.ts";
import { useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { useSessionStore } from "../stores/session.ts";

export const SESSION_ENDED_NOTICE = "Your session has ended. Please sign in again.";

/** Signing up, in and out, on top of the session store. Each action returns an error in words, or null. */
export function useSession() {
  const store = useSessionStore();
  const { client, dropConnection } = useTransport();
  const { user, signedIn, notice } = storeToRefs(store);

  async function signIn(username: string, password: string): Promise<string | null> {
    const result = await client.mutation(SignInDocument, { input: { username, password } }).toPromise();
    // A suspended account is told why and until when, in the browser's time.
    if (!result.data) return describeRefusal(result.error);
    store.start(result.data.login);
    return null;
  }

  async function signUp(username: string, password: string): Promise<string | null> {
    const result = await client.mutation(SignUpDocument, { input: { username, password } }).toPromise();
    if (!result.data) return describeError(result.error);
    store.start(result.data.register);
    return null;
  }

  async function signOut(): Promise<void> {
    // Revoke the token on the server; sign out here whatever the answer (it may be offline).
    await client
      .mutation(SignOutDocument, {})
      .toPromise()
      .catch(() => undefined);
    store.end(null);
    dropConnection(); // the socket was authenticated with the old token
  }

  /** Checks a stored token on start-up: `me` is null for an expired or revoked session. */
  const verify = () => refreshSessionUser(client, store);

  return { user, signedIn, notice, signIn, signUp, signOut, verify };
}

/**
 * Reads the signed-in person again (`me`): their role may have changed since
 * sign-in, and `me` is null for an expired or revoked session.
 */
export async function refreshSessionUser(client: Client, store: ReturnType<typeof useSessionStore>): Promise<void> {
  if (!store.token) return;
  const result = await client.query(MeDocument, {}, { requestPolicy: "network-only" }).toPromise();
  if (result.error) return; // offline or the server is down: keep the session and try later
  if (result.data?.me) store.updateUser(result.data.me);
  else store.end(SESSION_ENDED_NOTICE);
}
