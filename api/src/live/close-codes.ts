/** WebSocket close codes the server sends besides graphql-ws's own (4400, 4401, 4403, 4408, ...). */

/** The reader did not keep up; reconnect and resubscribe with the last `seq` seen. */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4503;

/**
 * The user's rights changed (a role change, leaving a room): reconnect and
 * resubscribe with the last `seq` seen; what is allowed now is checked again.
 */
export const ACCESS_CHANGED_CLOSE_CODE = 4504;

/** The server is shutting down; reconnect (to any replica) and resume. */
export const GOING_AWAY = 1001;
