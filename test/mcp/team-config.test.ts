/** The command line of per-user mode (--user-tokens) and of a server reachable beyond this machine. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../mcp/config.js";

const ENDPOINT = { NETUNICORN_ENDPOINT: "https://nu.example.org" };

describe("parseConfig, one server for a team", () => {
  it("reads --user-tokens and the reverse-proxy settings from flags or environment", () => {
    expect(parseConfig(["--http", "--user-tokens"], ENDPOINT)).toMatchObject({ userTokens: true, host: "127.0.0.1", allowedHosts: [], allowedOrigins: [], readOnly: true });
    const fromEnv = parseConfig(["--http", "--allow-writes"], {
      ...ENDPOINT,
      NETUNICORN_MCP_USER_TOKENS: "1",
      NETUNICORN_MCP_HOST: "0.0.0.0",
      NETUNICORN_MCP_ALLOWED_HOSTS: "mcp.example.org, mcp.example.org:443",
      NETUNICORN_MCP_ALLOWED_ORIGINS: "https://mcp.example.org",
    });
    expect(fromEnv).toMatchObject({ userTokens: true, readOnly: false, host: "0.0.0.0", allowedHosts: ["mcp.example.org", "mcp.example.org:443"], allowedOrigins: ["https://mcp.example.org"] });
    expect(parseConfig(["--http", "--user-tokens", "--host", "::", "--allowed-hosts=a.example", "--allowed-origins", "https://a.example"], ENDPOINT)).toMatchObject({ host: "::", allowedHosts: ["a.example"] });
  });

  it("refuses shared credentials, a missing endpoint, stdio and a fixed bearer token, saying why", () => {
    expect(() => parseConfig(["--http", "--user-tokens"], { ...ENDPOINT, NETUNICORN_LOGIN: "alice", NETUNICORN_PASSWORD: "pw" })).toThrow(
      "--user-tokens: each user brings their own netunicorn token, so the server holds no shared credentials; unset NETUNICORN_LOGIN, NETUNICORN_PASSWORD",
    );
    expect(() => parseConfig(["--http", "--user-tokens"], { ...ENDPOINT, NETUNICORN_AUTHENTICATION_CONTEXT: '{"k": {"key": "secret-value"}}' })).toThrow(/unset NETUNICORN_AUTHENTICATION_CONTEXT/);
    expect(() => parseConfig(["--http", "--user-tokens"], {})).toThrow(/needs NETUNICORN_ENDPOINT/);
    expect(() => parseConfig(["--http", "--user-tokens"], { NETUNICORN_ENDPOINT: "https://alice:pw@nu.example.org" })).toThrow(/must not carry credentials/);
    expect(() => parseConfig(["--user-tokens"], ENDPOINT)).toThrow(/needs --http/);
    expect(() => parseConfig(["--http", "--user-tokens", "--bearer-token", "t"], ENDPOINT)).toThrow(/exclude each other/);
  });

  it("refuses to listen beyond loopback without authentication, and origins that are not origins", () => {
    expect(() => parseConfig(["--http", "--host", "0.0.0.0"], {})).toThrow(/needs --user-tokens or --bearer-token/);
    expect(parseConfig(["--http", "--host", "0.0.0.0", "--bearer-token", "t"], {}).host).toBe("0.0.0.0");
    expect(parseConfig(["--http", "--host", "localhost"], {}).host).toBe("localhost");
    expect(() => parseConfig(["--http", "--allowed-origins", "https://a.example/mcp"], {})).toThrow(/not an origin/);
  });
});
