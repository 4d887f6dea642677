// The CORS hint on a NetworkError: only in a browser-like scope calling another origin.
import { afterEach, describe, expect, it, vi } from "vitest";
import { corsHint } from "../../src/client/cors-hint.js";
import { RemoteClient } from "../../src/client/index.js";
import { NetworkError } from "../../src/errors.js";

afterEach(() => vi.unstubAllGlobals());

const failingFetch = (): Promise<Response> => Promise.reject(new TypeError("Failed to fetch"));

describe("corsHint", () => {
  it("names CORS for a page calling another origin, and nothing for the same origin", () => {
    vi.stubGlobal("location", { origin: "https://app.example.org" });
    vi.stubGlobal("Deno", undefined);
    expect(corsHint("https://netunicorn.example.org/api/v1/health")).toMatch(/likely cause is CORS.*Access-Control-Allow-Origin.*proxy/);
    expect(corsHint("https://netunicorn.example.org/x")).toContain("https://app.example.org differs from https://netunicorn.example.org");
    expect(corsHint("https://app.example.org/api/v1/health")).toBe("");
  });

  it("says nothing outside a page (no location, a file: origin, or Deno)", () => {
    vi.stubGlobal("location", undefined);
    expect(corsHint("https://netunicorn.example.org/")).toBe("");
    vi.stubGlobal("location", { origin: "null" });
    expect(corsHint("https://netunicorn.example.org/")).toBe("");
    vi.stubGlobal("location", { origin: "https://app.example.org" });
    vi.stubGlobal("Deno", {});
    expect(corsHint("https://netunicorn.example.org/")).toBe("");
  });

  it("is part of the client's NetworkError in a page", async () => {
    vi.stubGlobal("location", { origin: "https://app.example.org" });
    vi.stubGlobal("Deno", undefined);
    const client = new RemoteClient({ endpoint: "https://netunicorn.example.org", token: "t", retry: false, fetch: failingFetch });
    const error = await client.healthcheck().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/^healthcheck failed: no answer from GET https:\/\/netunicorn\.example\.org\/api\/v1\/health: .*Failed to fetch.*CORS/);
  });
});
