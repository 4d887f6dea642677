/**
 * Routing as Starlette does it behind uvicorn: the path is percent-decoded before matching
 * (so `%2F` splits a name and `+` stays a plus), `{param}` matches one segment, the first route
 * matching the path but not the method answers 405 with its own `allow`, and a path that matches
 * only with or without a trailing slash is redirected (307).
 */
export interface RouteMatch<H> {
  kind: "match";
  handler: H;
  params: Record<string, string>;
}

export type RouteResult<H> =
  | RouteMatch<H>
  | { kind: "method-not-allowed"; allow: string }
  | { kind: "redirect"; path: string }
  | { kind: "not-found" };

interface Route<H> {
  method: string;
  regex: RegExp;
  names: string[];
  handler: H;
}

/** Python's urllib.parse.unquote: %XX runs decoded as UTF-8 (invalid bytes replaced), '+' kept. */
function unquote(path: string): string {
  const decoder = new TextDecoder();
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return decoder.decode(bytes);
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  /** Registers a route; `pattern` uses `{name}` for one path segment. Order matters, as in FastAPI. */
  add(method: string, pattern: string, handler: H): this {
    const names: string[] = [];
    const source = pattern
      .split(/(\{[a-z_]+\})/)
      .map((part) => {
        const param = /^\{([a-z_]+)\}$/.exec(part);
        if (param === null) return escapeRegex(part);
        names.push(param[1] as string);
        return "([^/]+)";
      })
      .join("");
    this.routes.push({ method, regex: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  private pathMatches(path: string): Route<H>[] {
    return this.routes.filter((r) => r.regex.test(path));
  }

  /** Resolves a request; `rawPath` is the URL's (still percent-encoded) path. */
  resolve(method: string, rawPath: string): RouteResult<H> {
    const path = unquote(rawPath);
    const candidates = this.pathMatches(path);
    const full = candidates.find((r) => r.method === method);
    if (full !== undefined) {
      const groups = full.regex.exec(path) as RegExpExecArray;
      const params: Record<string, string> = {};
      full.names.forEach((name, i) => (params[name] = groups[i + 1] as string));
      return { kind: "match", handler: full.handler, params };
    }
    const partial = candidates[0];
    if (partial !== undefined) return { kind: "method-not-allowed", allow: partial.method };
    if (path !== "/") {
      const other = path.endsWith("/") ? path.replace(/\/+$/, "") : `${path}/`;
      if (this.pathMatches(other).length > 0) return { kind: "redirect", path: other };
    }
    return { kind: "not-found" };
  }
}
