// Typed operations for the app: GraphQL Code Generator's client preset, run
// through @graphql-codegen/core. (@graphql-codegen/cli cannot be installed from
// the registry this workspace uses: a transitive dependency of its URL loader is
// missing there; the CLI would only add file loading, which this script does.)
//
//   node scripts/codegen.ts           writes src/gql/
//   src/codegen.test.ts               fails when src/gql/ is stale
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { preset } from "@graphql-codegen/client-preset";
import { codegen } from "@graphql-codegen/core";
import { buildSchema, parse } from "graphql";

const webDir = resolve(import.meta.dirname, "..");
export const schemaPath = resolve(webDir, "../schema.graphql");
export const operationsDir = join(webDir, "src/graphql/operations");
export const outputDir = join(webDir, "src/gql");

type PresetOptions = Parameters<typeof preset.buildGeneratesSection>[0];

const config = {
  // The API sends DateTime as an ISO-8601 string.
  scalars: { DateTime: "string" },
  useTypeImports: true,
  // String unions: no runtime enum objects, and the values compare as plain strings.
  enumsAsTypes: true,
};

/** The generated files, by path relative to src/gql/. */
export async function generateClient(): Promise<Map<string, string>> {
  const schemaText = readFileSync(schemaPath, "utf8");
  const documents = readdirSync(operationsDir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()
    .map((name) => {
      const location = join(operationsDir, name);
      const rawSDL = readFileSync(location, "utf8");
      return { location: relative(webDir, location), rawSDL, document: parse(rawSDL) };
    });
  const sections = await preset.buildGeneratesSection({
    baseOutputDir: "gql/",
    presetConfig: { fragmentMasking: false },
    plugins: [],
    pluginMap: {},
    schema: parse(schemaText),
    schemaAst: buildSchema(schemaText),
    documents,
    config,
    documentTransforms: [],
  } as unknown as PresetOptions);
  const files = new Map<string, string>();
  // Operations live in .graphql files and are imported as typed documents from
  // graphql.ts; the preset's graphql() lookup (gql.ts, index.ts) would go unused.
  for (const section of sections.filter((each) => each.filename.endsWith("/graphql.ts"))) {
    const content = await codegen({ ...section, documentTransforms: section.documentTransforms ?? [] });
    files.set(section.filename.replace(/^gql\//, ""), content);
  }
  return files;
}

/** Lists what is in src/gql/ now, for the staleness check. */
export function readGenerated(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(outputDir)) files.set(name, readFileSync(join(outputDir, name), "utf8"));
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const files = await generateClient();
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(outputDir, name), content);
  console.log(`Wrote ${[...files.keys()].join(", ")} to ${relative(process.cwd(), outputDir) || "."}`);
}
