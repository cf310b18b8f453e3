import type { AnyVariables, CombinedError, DocumentInput, OperationResult } from "@urql/core";
import { getCurrentScope, onScopeDispose, type Ref, readonly, ref, watch } from "vue";
import { onEnd, pipe, subscribe } from "wonka";
import { actionForClose, retryDelay } from "../chat/reconnect.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { closeCode, describeError } from "../graphql/errors.ts";

/**
 * - connecting: preparing, or subscribed on a socket that is not open yet
 * - live: subscribed on an open socket; results arrive as they happen
 * - reconnecting: the stream stopped; subscribing again after a pause
 * - offline: the browser has no network; resumes when it is back
 * - error: cannot go on (refused, session ended); see `error`
 */
export type StreamState = "connecting" | "live" | "reconnecting" | "offline" | "error";

export type ResubscribeHandlers<Data> = {
  /** Each result, in order. */
  onData: (data: Data) => void;
  /**
   * Runs before the first subscription and after a restart, e.g. to read the page the
   * stream resumes after. Resolves with why the stream cannot start, or null; rejects to be tried again.
   */
  prepare?: () => Promise<string | null>;
  /** The API refused the subscription: stop (with its words), or restart from `prepare` after a pause. */
  onRefused?: (failure: CombinedError) => "stop" | "restart";
  /** Live again after a drop: whatever happened meanwhile was not replayed. */
  onResumed?: () => void;
};

/** `online`: while false, no retries and the socket is dropped (it can look open long after the network is gone). */
export type ResubscribeOptions = { transport?: ChatTransport | undefined; online?: Ref<boolean> | undefined };

/**
 * A subscription that comes back: whenever it stops (a drop, a restarted replica, 4503
 * for a slow reader, a stream the server ends) it subscribes again after a growing
 * pause, with `variables` read again (a resume position goes there; null: not now).
 * A refusal or a 4403 (session ended) stops it, with the reason in words.
 */
export function useResubscribing<Data, Variables extends AnyVariables>(
  document: DocumentInput<Data, Variables>,
  variables: () => Variables | null,
  handlers: ResubscribeHandlers<Data>,
  options: ResubscribeOptions = {},
) {
  const { client, isConnected, onConnected, dropConnection } = options.transport ?? useTransport();
  const state = ref<StreamState>("connecting");
  const error = ref<string | null>(null);
  /** The live subscription; results of a replaced one are ignored. */
  let current: { unsubscribe(): void } | null = null;
  /** Subscribed since the start or the last restart: a pause ends in a subscription, not in `prepare`. */
  let started = false;
  /** Stopped since it was last live: the caller hears when it is back. */
  let dropped = false;
  let disposed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Prepares when the caller must, then subscribes; a failed preparation is tried again like a drop. */
  function start(): void {
    const prepared = handlers.prepare?.();
    if (!prepared) listen();
    else
      void prepared.then((refusal) => (refusal === null ? listen() : giveUp(refusal))).catch(() => resume(undefined));
  }

  /** Subscribes now, in place of any earlier subscription. */
  function listen(): void {
    stopListening();
    const asked = variables();
    if (disposed || asked === null) return;
    started = true;
    if (isConnected()) markLive();
    let failed = false;
    const subscription = pipe(
      client.subscription(document, asked),
      onEnd(() => {
        // Ended by the server without an error: resume all the same.
        if (!failed && current === subscription && !disposed) resume(undefined);
      }),
      subscribe((result: OperationResult<Data>) => {
        if (current !== subscription || disposed) return;
        if (result.error) {
          failed = true;
          fail(result.error);
        } else if (result.data) {
          markLive();
          handlers.onData(result.data);
        }
      }),
    );
    current = subscription;
  }

  function fail(failure: CombinedError): void {
    const code = closeCode(failure);
    if (failure.graphQLErrors.length === 0) {
      if (actionForClose(code) === "sign-in-again") giveUp("Your session has ended.");
      else resume(code);
    } else if (handlers.onRefused?.(failure) === "restart") {
      started = false; // what it resumed from is gone: prepare again
      resume(undefined);
    } else giveUp(describeError(failure));
  }

  function resume(code: number | undefined): void {
    stopListening();
    if (disposed) return;
    if (started) dropped = true;
    if (options.online?.value === false) {
      state.value = "offline"; // the online watcher resumes
      return;
    }
    state.value = started ? "reconnecting" : "connecting";
    const delay = actionForClose(code) === "resume-now" ? retryDelay(0) : retryDelay(attempt++);
    retryTimer = setTimeout(() => (started ? listen() : start()), delay);
  }

  function giveUp(message: string): void {
    state.value = "error";
    error.value = message;
    stopListening();
  }

  function markLive(): void {
    state.value = "live";
    error.value = null; // after a refusal, only the caller's own `listen()` gets here
    attempt = 0;
    if (!dropped) return;
    dropped = false;
    handlers.onResumed?.();
  }

  /** Drops the subscription and any pending retry. */
  function stopListening(): void {
    clearTimeout(retryTimer);
    const previous = current;
    current = null;
    previous?.unsubscribe();
  }

  const unlisten = onConnected(() => {
    if (current) markLive();
  });
  if (options.online)
    watch(options.online, (isOnline) => {
      if (disposed || state.value === "error") return;
      attempt = 0;
      if (isOnline) return resume(undefined);
      state.value = "offline";
      clearTimeout(retryTimer);
      dropConnection();
    });

  function dispose(): void {
    disposed = true;
    stopListening();
    unlisten();
  }
  if (getCurrentScope()) onScopeDispose(dispose);
  start();

  return { state: readonly(state), error: readonly(error), listen, dispose };
}
