/** healthcheck: is the netunicorn server up. */
import * as v from "valibot";
import { READ_ONLY, defineTool } from "./tool.js";

export const healthcheck = defineTool({
  name: "healthcheck",
  title: "Check the netunicorn server",
  description:
    "Checks that the netunicorn server answers its health endpoint. Call it first when other tools fail with network errors.",
  annotations: READ_ONLY,
  input: v.strictObject({}),
  output: v.object({ healthy: v.pipe(v.boolean(), v.description("True when the server answered \"OK\".")) }),
  async run(_args, { client, signal }) {
    const healthy = await client.healthcheck({ signal });
    return {
      structured: { healthy },
      text: healthy ? "The netunicorn server is healthy." : "The netunicorn server answered, but not \"OK\".",
    };
  },
});
