// `npm start`: the MCP server. Replaced by the real entry point when the MCP issue lands.
console.log("netunicorn MCP server: coming in a later version.");
