/**
 * The console's two checks on what it forwards (console/server/target.ts), each tested on its own:
 * the raw target as sent (refuseTarget), and the URL parser reading it back unchanged
 * (parsedAsSent); upstreamUrl needs both.
 */
import { describe, expect, it } from "vitest";
import { parsedAsSent, refuseTarget, upstreamUrl } from "../../console/server/target.js";

const endpoint = new URL("http://netunicorn.test:26611/base");

describe("first check: the raw target as sent", () => {
  it.each([
    ["/api/v1/nodes", null],
    ["/api/v1/experiment/ping%2Bdemo/flag/go?x=1&y=/z", null],
    ["/api/v1/experiment/a%41b", null],
  ])("accepts %s", (target, expected) => expect(refuseTarget(target)).toBe(expected));

  it.each([
    ["/health", /only \/api\/v1\//],
    ["http://evil.example/api/v1/nodes", /only \/api\/v1\//],
    ["/api/v1/../admin", /dot segments/],
    ["/api/v1/./nodes", /dot segments/],
    ["/api/v1/%2e%2e/admin", /empty segment or a character/],
    ["/api/v1/a%2Fb", /empty segment or a character/],
    ["/api/v1/a%5cb", /empty segment or a character/],
    ["/api/v1/a%00", /empty segment or a character/],
    ["/api/v1//evil", /empty segment/],
    ["/api/v1/a\\..\\b", /empty segment or a character/],
    ["/api/v1/a#frag", /empty segment or a character/],
    ["/api/v1/é", /empty segment or a character/],
    ["/api/v1/a?%2e%2f", /query/],
    ["/api/v1/a?b#c", /query/],
  ])("refuses %s", (target, reason) => expect(refuseTarget(target)).toMatch(reason));

  it("without it, targets the parser keeps as sent would be forwarded: the first check alone refuses them", () => {
    for (const target of ["/api/v1//evil", "/api/v1/a%2Fb", "/api/v1/a%00", "/api/v1/a?%2e%2f"]) {
      expect(parsedAsSent(target, endpoint), target).not.toBeNull();
      expect(upstreamUrl(target, endpoint), target).toBeNull();
    }
  });
});

describe("second check: the URL parser reads the target back unchanged", () => {
  it("keeps a plain target under the endpoint's own path", () => {
    expect(parsedAsSent("/api/v1/nodes?x=1", endpoint)?.href).toBe("http://netunicorn.test:26611/base/api/v1/nodes?x=1");
  });

  it.each([
    "/api/v1/../admin",
    "/api/v1/%2e%2e/admin",
    "/api/v1/.%2E/admin",
    "/api/v1/./nodes",
    "/api/v1\\..\\..\\admin",
    "/api/v1/a\tb",
  ])("refuses %s, which the parser would read as another path or origin", (target) => {
    expect(parsedAsSent(target, endpoint)).toBeNull();
  });

  it("refuses a target that would turn an endpoint without a path into credentials and another host", () => {
    expect(parsedAsSent("@evil.example/api/v1/nodes", new URL("http://netunicorn.test:26611"))).toBeNull();
  });

  it("upstreamUrl forwards only what passes both", () => {
    expect(upstreamUrl("/api/v1/experiment/x/start", endpoint)?.href).toBe("http://netunicorn.test:26611/base/api/v1/experiment/x/start");
    expect(upstreamUrl("/api/v1/../admin", endpoint)).toBeNull();
  });
});
