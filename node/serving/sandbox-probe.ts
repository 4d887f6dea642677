/**
 * How a served sandbox tells itself apart from a real netunicorn server: every answer of
 * `netunicorn-sandbox` carries SANDBOX_HEADER (the real server never sends it). `npm start` and the
 * console read it to say "simulation" and to offer the demo users, and only then.
 */

/** Response header of every answer of a served sandbox (node/sandbox/serve-sandbox.ts). */
export const SANDBOX_HEADER = "x-netunicorn-sandbox";
/** Its value. */
export const SANDBOX_HEADER_VALUE = "simulation";

/**
 * Whether `endpoint` is a served sandbox: true or false once it answered, undefined when it could
 * not be reached (ask again later). One unauthenticated GET of /api/v1/health.
 */
export async function isSandboxEndpoint(endpoint: string, fetchImpl: (request: Request) => Promise<Response> = (r) => fetch(r), timeoutMs = 3_000): Promise<boolean | undefined> {
  try {
    const url = new URL(`${endpoint.replace(/\/+$/, "")}/api/v1/health`);
    const response = await fetchImpl(new Request(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) }));
    await response.body?.cancel();
    return response.headers.get(SANDBOX_HEADER) === SANDBOX_HEADER_VALUE;
  } catch {
    return undefined;
  }
}
