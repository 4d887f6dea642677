/**
 * The signed-in session: a RemoteClient against this page's own origin (the console server
 * forwards /api/v1/… upstream). Only the access token is kept, in sessionStorage (per tab, gone
 * when the tab closes), never the password and never in a URL.
 */
import { AuthenticationError, RemoteClient } from "netunicorn";

const KEY = "netunicorn-console-token";

export interface Session {
  client: RemoteClient;
  /** The login typed, or "token" for a pasted token. */
  who: string;
}

const endpoint = (): string => location.origin;

/** Sent on window when the server refuses the kept token (expired, revoked): the page asks to log in again. */
export const SESSION_ENDED = "netunicorn-console-session-ended";

/** A client with `token`; when `watch`, a 401 ends the session (the token is forgotten). */
function tokenClient(token: string, watch = true): RemoteClient {
  return new RemoteClient({
    endpoint: endpoint(),
    token,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (watch && response.status === 401 && sessionStorage.getItem(KEY) === token) {
        logout();
        window.dispatchEvent(new CustomEvent(SESSION_ENDED));
      }
      return response;
    },
  });
}

/** Logs in with a password: the token the server hands out is caught on its way to the client. */
export async function loginWithPassword(login: string, password: string): Promise<Session> {
  let token: string | undefined;
  const client = new RemoteClient({
    endpoint: endpoint(),
    login,
    password,
    retry: false,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.ok && new URL(input).pathname.endsWith("/api/v1/token")) {
        const body = (await response.clone().json()) as { access_token?: unknown };
        if (typeof body.access_token === "string") token = body.access_token;
      }
      return response;
    },
  });
  // Any authenticated call logs in; getNodes is also the first thing shown.
  await client.getNodes().catch((error: unknown) => {
    // The login's own refusal (netunicorn says "Incorrect username or token"), in the form's words.
    if (error instanceof AuthenticationError && error.status === 401 && token === undefined) throw new Error("Incorrect username or password", { cause: error });
    throw error;
  });
  if (token === undefined) throw new Error("login: the server answered without an access token");
  sessionStorage.setItem(KEY, token);
  sessionStorage.setItem(`${KEY}-who`, login);
  return { client: tokenClient(token), who: login };
}

/** Uses an access token obtained elsewhere; it is checked with one request before being kept. */
export async function loginWithToken(token: string): Promise<Session> {
  await tokenClient(token.trim(), false).getNodes().catch((error: unknown) => {
    if (error instanceof AuthenticationError && error.status === 401) throw new Error("The server does not accept this access token (expired, revoked or mistyped)", { cause: error });
    throw error;
  });
  sessionStorage.setItem(KEY, token.trim());
  sessionStorage.setItem(`${KEY}-who`, "access token");
  return { client: tokenClient(token.trim()), who: "access token" };
}

/** The session kept in this tab, if any. */
export function restoreSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (token === null || token === "") return null;
  return { client: tokenClient(token), who: sessionStorage.getItem(`${KEY}-who`) ?? "access token" };
}

export function logout(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(`${KEY}-who`);
}
