// The direction of every import in this repository, checked by dependency-cruiser:
// `npx depcruise src node console mcp` prints what breaks a rule, and test/layout.test.ts fails on it.
// CONTRIBUTING.md ("Layout: rooms and the direction of imports") draws the same map for people.
//
// Two packages live here: `netunicorn` (src/, node/, console/: whatever the root package.json
// ships is built from these) and `netunicorn-mcp` (mcp/, which bundles the core in). Layers run one
// way: core (src/) → Node serving (node/serving) → the servers (node/sandbox, console/server, mcp/).

/** The core's rooms, lowest first: a room imports only rooms at its level or below. */
const CORE_LAYERS = [
  ["src/(errors|json|base64)\\.ts$"],
  ["src/wire/", "src/pickle/"],
  ["src/model/"],
  ["src/base-client\\.ts$"],
  ["src/client/", "src/graph/"],
  ["src/library/", "src/results/", "src/sandbox/"],
  ["src/index\\.ts$", "src/browser\\.ts$"],
];

/** The MCP package's rooms, lowest first (server.ts, main.ts and the package's index at the top). */
const MCP_LAYERS = [
  ["mcp/answers/", "mcp/experiment-spec/"],
  ["mcp/tools/", "mcp/resources/", "mcp/prompts/"],
  ["mcp/transport/"],
  ["mcp/[^/]+\\.ts$"],
];

/** One rule per layer: nothing in it reaches a layer above. */
function layerRules(prefix, layers) {
  return layers.slice(0, -1).map((layer, index) => ({
    name: `${prefix}-layer-${index}`,
    comment: `${layer.join(" ")} may import only rooms at its own level or below (see CONTRIBUTING.md)`,
    severity: "error",
    from: { path: layer.map((room) => `^${room}`) },
    to: { path: layers.slice(index + 1).flat().map((room) => `^${room}`) },
  }));
}

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import circle: the modules in it can only be understood (and loaded) together",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-is-fetch-only",
      comment: "src/ runs in browsers, Deno and workers: no Node built-ins, nothing from the Node rooms or the MCP package",
      severity: "error",
      from: { path: "^src/" },
      to: { pathNot: "^(src/|node_modules/valibot/)" },
    },
    {
      name: "root-package-stays-in-its-folders",
      comment: "the netunicorn package is built from src/, node/ and console/: it never reaches into the netunicorn-mcp package (mcp/)",
      severity: "error",
      from: { path: "^(src|node|console)/" },
      to: { path: "^mcp/" },
    },
    {
      name: "node-serving-is-shared",
      comment: "node/serving is shared by every server below it: it does not know them",
      severity: "error",
      from: { path: "^node/serving/" },
      to: { path: "^(node/sandbox|console|mcp)/" },
    },
    {
      name: "servers-are-siblings",
      comment: "the sandbox server and the console server each stand on node/serving and the core, not on each other",
      severity: "error",
      // Either way round: from one of the two servers to the other ($1 is the one importing).
      from: { path: "^(node/sandbox|console/server)/" },
      to: { path: "^(node/sandbox|console/server)/", pathNot: "^$1/" },
    },
    {
      name: "console-page-is-a-browser-page",
      comment: "console/app imports the core by its package names, like any web app: no relative path out of console/app, no Node built-ins",
      severity: "error",
      from: { path: "^console/app/" },
      // "netunicorn" resolves to the built dist/ (or stays a bare name before the first build).
      to: { pathNot: "^(console/app/|node_modules/|dist/|netunicorn(/|$))" },
    },
    {
      name: "mcp-package-uses-the-core-not-the-console",
      comment: "netunicorn-mcp bundles the core and the Node serving room; the console is another program",
      severity: "error",
      from: { path: "^mcp/" },
      to: { path: "^(console|scripts|bench|test)/" },
    },
    ...layerRules("core", CORE_LAYERS),
    ...layerRules("mcp", MCP_LAYERS),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/|\\.d\\.ts$" },
    // Type-only imports count: a circle through types is still a circle for the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "default"],
    },
  },
};
