import { PothosValidationError } from "@pothos/core";
import {
  defaultFieldResolver,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  GraphQLString,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { apiError, ErrorCode } from "../errors.ts";
import * as valid from "../validation.ts";

/**
 * Rules every argument meets before any resolver runs, so no field can forget them:
 * strings carry no control characters (Postgres refuses U+0000), and connection cursors
 * are ones the connection issued. IDs are left to `valid.uuidOrNull`: a malformed id names
 * no row, so it is "not found", as everywhere else.
 */
export function checkArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap()))
    if (isObjectType(type) && !type.name.startsWith("__"))
      for (const field of Object.values(type.getFields())) guardField(`${type.name}.${field.name}`, field);
  return schema;
}

/** Spread into a prismaConnection: its cursor, and what the cursor holds for checkArguments to verify. */
export const cursorById = { cursor: "id", extensions: { cursorParts: ["uuid"] } } as const;
export const cursorByRoomSeq = { cursor: "roomId_seq", extensions: { cursorParts: ["uuid", "seq"] } } as const;

/** Spread into a string argument or input field that may hold any character: checkArguments leaves it alone. */
export const anyCharacter = { extensions: { anyCharacter: true } } as const;

type Check = (value: unknown, path: string, name: string) => void;
type Args = Record<string, unknown>;

function guardField(coordinate: string, field: GraphQLField<unknown, unknown>): void {
  const strings = field.args.flatMap((arg) => {
    const check = arg.extensions["anyCharacter"] ? null : stringCheck(arg.type);
    return check ? [{ name: arg.name, check }] : [];
  });
  const paged = field.args.some((arg) => arg.name === "after" || arg.name === "before");
  const parts = field.extensions["cursorParts"] as readonly valid.CursorPart[] | undefined;
  if (paged && !parts) throw new Error(`${coordinate} is a connection: spread cursorById or cursorByRoomSeq into it`);
  if (strings.length === 0 && !parts) return;

  const check = (args: Args) => {
    for (const { name, check } of strings) check(args[name], name, name);
    for (const name of ["after", "before"])
      if (typeof args[name] === "string") valid.cursor(name, args[name], parts ?? []);
  };
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args, context, info) => {
    check(args);
    return parts ? pagingAsBadInput(() => resolve(source, args, context, info)) : resolve(source, args, context, info);
  };
  const subscribe = field.subscribe;
  if (subscribe)
    field.subscribe = (source, args, context, info) => {
      check(args);
      return subscribe(source, args, context, info);
    };
}

/** What checks the strings in a value of this type, or null when it holds none (our input types do not nest themselves). */
function stringCheck(type: GraphQLInputType): Check | null {
  if (isNonNullType(type)) return stringCheck(type.ofType);
  if (type === GraphQLString)
    return (value, path, name) => {
      if (typeof value === "string") valid.noControlCharacters(path, name, value);
    };
  if (isListType(type)) {
    const item = stringCheck(type.ofType);
    if (!item) return null;
    return (value, path, name) => {
      if (Array.isArray(value)) for (const [i, each] of value.entries()) item(each, `${path}.${i}`, name);
    };
  }
  if (!isInputObjectType(type)) return null;
  const fields = Object.values(type.getFields()).flatMap((field) => {
    const check = field.extensions["anyCharacter"] ? null : stringCheck(field.type);
    return check ? [{ name: field.name, check }] : [];
  });
  if (fields.length === 0) return null;
  return (value, path) => {
    if (typeof value !== "object" || value === null) return;
    for (const field of fields) field.check((value as Args)[field.name], `${path}.${field.name}`, field.name);
  };
}

/** Pothos refuses some page arguments itself ("first" below 0, "before" with "first"): those are bad input too. */
function pagingAsBadInput(run: () => unknown): unknown {
  const refuse = (error: unknown) => {
    if (error instanceof PothosValidationError) throw apiError(ErrorCode.BAD_USER_INPUT, error.message);
    throw error;
  };
  try {
    const result = run();
    return result instanceof Promise ? result.catch(refuse) : result;
  } catch (error) {
    return refuse(error);
  }
}
