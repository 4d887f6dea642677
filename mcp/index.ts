/** The `./mcp` entry: the MCP server over any BaseClient. */
export { createMcpServer, describeTool, selectTools, SANDBOX_NOTICE, TOOL_NAMES } from "./server.js";
export type { McpServerOptions } from "./server.js";
export type { ToolAnnotations, ToolDefinition } from "./tools/tool.js";
