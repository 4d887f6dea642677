/**
 * createSandbox: a SIMULATED netunicorn server in memory, answering `fetch(Request)` the way the
 * real mediator (FastAPI behind uvicorn) answers, with no network. Pass `sandbox.fetch` as the
 * client's `fetch`, or serve it (see node/sandbox/serve-sandbox.ts).
 */
import { UsageError } from "../errors.js";
import { BodyTooLarge, readBody } from "./body.js";
import type { RequestContext } from "./context.js";
import { cancel, listExperiments, prepare, remove, start, status } from "./handlers-experiments.js";
import { cancelExecutors, getFlag, setFlag, uiCompilations, uiLast, uiLocks, uiRunning } from "./handlers-more.js";
import { health, login, nodes, verifyToken, type OutageState } from "./handlers-session.js";
import { resolveOptions, type SandboxOptions } from "./options.js";
import type { SandboxUser } from "./world.js";
import { Router } from "./router.js";
import { detail, plainError } from "./responses.js";
import { Store } from "./store.js";

type Handler = (ctx: RequestContext) => Response | Promise<Response>;

/** Summary of one experiment, for tests and the admin side. */
export interface SandboxExperimentSummary {
  owner: string;
  name: string;
  id: string;
  status: number;
  executorIds: string[];
  flags: string[];
}

export interface Sandbox {
  /**
   * Answers one request like the real server, with the standard fetch signature (a Request, or
   * a URL and its init). Bound: pass it around freely, e.g. as RemoteClient's `fetch`.
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The sandbox clock, in ms (the `now` option plus every `advance`). */
  now(): number;
  /** Moves the sandbox clock forward: a demo can skip the simulated preparation or execution time. */
  advance(ms: number): void;
  /** Adds or replaces a user. */
  setUser(login: string, user: SandboxUser): void;
  /** Makes the user's current access token expired (the next login gets a new one). */
  expireToken(login: string): void;
  /** While set, health and nodes answer 500 with this plain text, as when a backing service is down. */
  setOutage(message: string | null): void;
  /** Every live experiment, all users (transitions applied at the current time). */
  experiments(): SandboxExperimentSummary[];
  /** Forgets tokens and experiments; users and the pool stay. */
  reset(): void;
}

function buildRouter(outage: OutageState): Router<Handler> {
  const e = "/api/v1/experiment/{name}";
  return new Router<Handler>()
    .add("POST", "/api/v1/token", login)
    .add("GET", "/api/v1/verify_token", verifyToken)
    .add("GET", "/api/v1/health", (ctx) => health(ctx, outage))
    .add("GET", "/api/v1/nodes", (ctx) => nodes(ctx, outage))
    .add("GET", "/api/v1/experiment", listExperiments)
    .add("POST", `${e}/prepare`, prepare)
    .add("POST", `${e}/start`, start)
    .add("GET", e, status)
    .add("DELETE", e, remove)
    .add("POST", `${e}/cancel`, cancel)
    .add("POST", "/api/v1/executors/cancel", cancelExecutors)
    .add("GET", `${e}/flag/{flag}`, getFlag)
    .add("POST", `${e}/flag/{flag}`, setFlag)
    .add("GET", "/api/v1/ui/locks", uiLocks)
    .add("GET", "/api/v1/ui/compilations", uiCompilations)
    .add("GET", "/api/v1/ui/running_experiments", uiRunning)
    .add("GET", "/api/v1/ui/last_experiments", uiLast);
}

const CORS_HEADERS = "authorization, content-type, netunicorn-authentication-context, netunicorn-auth-context";

function withCors(response: Response, origin: string | null): Response {
  if (origin === null) return response;
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", origin);
  if (origin !== "*") headers.append("vary", "Origin");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function preflight(origin: string): Response {
  return new Response("OK", {
    status: 200,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
      "access-control-allow-headers": CORS_HEADERS,
      "access-control-max-age": "600",
      "content-type": "text/plain; charset=utf-8",
    },
  });
}

async function dispatch(router: Router<Handler>, store: Store, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const route = router.resolve(request.method.toUpperCase(), url.pathname);
  if (route.kind === "not-found") return detail(404, "Not Found");
  if (route.kind === "method-not-allowed") return detail(405, "Method Not Allowed", { allow: route.allow });
  if (route.kind === "redirect") {
    return new Response(null, { status: 307, headers: { location: new URL(route.path + url.search, url).href } });
  }
  const body = await readBody(request, store.options.maxBodyBytes);
  // the real uvicorn has no limit; the sandbox refuses huge bodies instead of buffering them
  if (body instanceof BodyTooLarge) return detail(413, `Request body larger than ${body.limit} bytes (netunicorn sandbox limit)`);
  // from here on everything is synchronous: read, check and write happen without interleaving
  const ctx: RequestContext = { request, url, params: route.params, body, now: store.options.now(), store };
  return route.handler(ctx);
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const resolved = resolveOptions(options);
  const clock = resolved.now;
  let offset = 0;
  resolved.now = () => clock() + offset;
  const store = new Store(resolved);
  const outage: OutageState = { message: null };
  const router = buildRouter(outage);
  const origin = store.options.cors?.origin ?? null;

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request: Request;
    try {
      request = input instanceof Request && init === undefined ? input : new Request(input, init);
    } catch (error) {
      // as a real fetch rejects an unusable URL or init, but with this library's error type
      throw new UsageError(`sandbox.fetch: not a usable request (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    // any OPTIONS is a preflight: fetch implementations may drop the forbidden Access-Control-* headers
    if (origin !== null && request.method === "OPTIONS") {
      return preflight(origin);
    }
    try {
      return withCors(await dispatch(router, store, request), origin);
    } catch (error) {
      return withCors(plainError(error instanceof Error ? error.message : String(error)), origin);
    }
  };

  return {
    fetch,
    now: () => store.options.now(),
    advance: (ms) => {
      if (!(ms >= 0)) throw new UsageError(`sandbox.advance: expected a duration ≥ 0 in ms, got ${String(ms)}`);
      offset += ms;
    },
    setUser: (login, user) => void store.options.users.set(login, user),
    expireToken: (login) => store.expireToken(login, store.options.now()),
    setOutage: (message) => void (outage.message = message),
    experiments: () =>
      store.live(store.options.now()).map((r) => ({
        owner: r.owner,
        name: r.name,
        id: r.id,
        status: r.status,
        executorIds: r.deployments.map((d) => d.executorId),
        flags: [...r.flags.keys()],
      })),
    reset: () => store.reset(),
  };
}

/** A clock for tests and demos: time moves only when told to. */
export function createManualClock(startMs: number = Date.UTC(2026, 0, 1)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => void (current += ms),
    set: (ms) => void (current = ms),
  };
}
