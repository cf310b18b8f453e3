// Operations many test files run, each typed with what it selects (see gql in graphql.ts).
import { gql } from "./graphql.ts";

export type SendMessageInput = { roomId: string; text: string; clientId: string; replyToId?: string };
export type Credentials = { username: string; password: string };

export const LOGIN = gql<{ login: { token: string } }, { input: Credentials }>(
  `mutation($input: CredentialsInput!) { login(input: $input) { token } }`,
);
export const SEND_MESSAGE = gql<{ sendMessage: { id: string; seq: number } }, { input: SendMessageInput }>(
  `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`,
);
export const JOIN_ROOM = gql<{ joinRoom: { id: string } }, { id: string }>(
  `mutation($id: ID!) { joinRoom(roomId: $id) { id } }`,
);
export const LEAVE_ROOM = gql<{ leaveRoom: { id: string } }, { id: string }>(
  `mutation($id: ID!) { leaveRoom(roomId: $id) { id } }`,
);
export const DELETE_MESSAGE = gql<{ deleteMessage: { id: string } }, { id: string }>(
  `mutation($id: ID!) { deleteMessage(messageId: $id) { id } }`,
);
export const REPORT_MESSAGE = gql<{ reportMessage: { id: string } }, { id: string }>(
  `mutation($id: ID!) { reportMessage(messageId: $id, reason: "rude") { id } }`,
);
export const MAKE_MODERATOR = gql<{ setUserRole: { role: string } }, { id: string }>(
  `mutation($id: ID!) { setUserRole(userId: $id, role: MODERATOR) { role } }`,
);
export const LOGOUT = gql<{ logout: boolean }>(`mutation { logout }`);

export type ModerateMessagesInput = {
  messageIds: string[];
  /** APPROVE, REJECT or RESTORE. */
  action: string;
  reason?: string;
  versions?: { messageId: string; editedAt: string | null }[];
};
export const MODERATE_MESSAGES = gql<{ moderateMessages: { id: string }[] }, { input: ModerateMessagesInput }>(
  `mutation($input: ModerateMessagesInput!) { moderateMessages(input: $input) { id } }`,
);
