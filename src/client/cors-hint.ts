/**
 * The likely cause of a fetch that fails with no answer, when the code runs in a browser page or
 * worker and calls another origin: the browser hides the answer unless the server sends CORS
 * headers, and netunicorn's server sends none. Everywhere else (Node, Deno, same origin) the
 * hint would mislead, so it is empty.
 */
export function corsHint(url: string): string {
  const scope = globalThis as { location?: { origin?: unknown }; Deno?: unknown };
  const here = scope.location?.origin;
  if (scope.Deno !== undefined || typeof here !== "string" || !/^https?:\/\//.test(here)) return "";
  let there: string;
  try {
    there = new URL(url).origin;
  } catch {
    return "";
  }
  if (there === here) return "";
  return (
    ` (this page's origin ${here} differs from ${there}: a likely cause is CORS, which needs the server to send ` +
    "Access-Control-Allow-Origin; netunicorn's server sends none, so serve the page from the same origin or through a proxy that adds it)"
  );
}
