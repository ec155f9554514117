// ts_tools.mjs: the TypeScript SDK's side of the two tools every peer of bench/run has (bench_tools.hpp is
// ours): echo {text} -> text and add {a, b} -> structured {sum}. Used by ts_server.mjs and bench/lambda/sdk.mjs.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod/v4";

// A new McpServer with both tools registered.
export function benchServer() {
  const server = new McpServer({ name: "bench", version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Echo the text back", inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  server.registerTool(
    "add",
    {
      description: "Add two numbers",
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
    },
    async ({ a, b }) => {
      const out = { sum: a + b };
      return { content: [{ type: "text", text: JSON.stringify(out) }], structuredContent: out };
    },
  );
  return server;
}
