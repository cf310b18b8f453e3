import {
  GraphQLBoolean,
  GraphQLInputObjectType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  graphql,
} from "graphql";
import { describe, expect, it } from "vitest";
import { anyCharacter, checkArguments } from "../src/schema/argument-checks.ts";

/** A field with an input field and an argument marked anyCharacter beside unmarked ones (a mark is a field extension). */
function signInSchema() {
  const text = new GraphQLNonNull(GraphQLString);
  const Credentials = new GraphQLInputObjectType({
    name: "Credentials",
    fields: { username: { type: text }, password: { type: text, ...anyCharacter } },
  });
  const signIn = {
    type: GraphQLBoolean,
    args: {
      input: { type: new GraphQLNonNull(Credentials) },
      oneTimeCode: { type: GraphQLString, ...anyCharacter },
      note: { type: GraphQLString },
    },
    resolve: () => true,
  };
  return checkArguments(new GraphQLSchema({ query: new GraphQLObjectType({ name: "Query", fields: { signIn } }) }));
}

describe("control characters in arguments", () => {
  const schema = signInSchema();
  const signIn = (variableValues: Record<string, unknown>) =>
    graphql({
      schema,
      source: `query($input: Credentials!, $oneTimeCode: String, $note: String) {
        signIn(input: $input, oneTimeCode: $oneTimeCode, note: $note) }`,
      variableValues,
    });
  const control = "nul\u0000 and esc\u001b";

  it("are taken in an input field or an argument marked anyCharacter", async () => {
    const result = await signIn({ input: { username: "ann", password: control }, oneTimeCode: control });
    expect(result).toEqual({ data: { signIn: true } });
  });

  it("are still refused in the strings beside them, naming the field", async () => {
    for (const [field, variables] of [
      ["input.username", { input: { username: control, password: "fine" } }],
      ["note", { input: { username: "ann", password: "fine" }, note: control }],
    ] as const) {
      const result = await signIn(variables);
      expect(result.errors?.[0]?.message).toMatch(/control characters/);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });
});
