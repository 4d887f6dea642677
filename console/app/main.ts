/**
 * The netunicorn console: a single-page app on the package's public API ("netunicorn"). Routes
 * live in the URL's hash (#nodes, #experiments, #experiment/<name>, #launch, #compare); credentials never do.
 */
import { openCompare } from "./compare-route.js";
import { h, replace } from "./dom.js";
import { experimentView } from "./experiment-view.js";
import { experimentsView } from "./experiments-view.js";
import { launchView } from "./launch-view.js";
import { loginView } from "./login-view.js";
import { nodesView } from "./nodes-view.js";
import { logout, restoreSession, SESSION_ENDED, type Session } from "./session.js";
import { loadSiteInfo, type SiteInfo, simulationBanner } from "./site-info.js";
import type { ViewContext } from "./view.js";

const app = document.getElementById("app")!;
const statusLine = h("p", { class: "sr-only", role: "status", "aria-live": "polite" });
let leave: (() => void) | undefined;

const NAV: [hash: string, label: string][] = [["#nodes", "Nodes"], ["#experiments", "Experiments"], ["#launch", "Launch"], ["#compare", "Compare"]];

function shell(session: Session, current: string): HTMLElement {
  const main = h("main", { id: "main", tabindex: -1 });
  const out = h("button", { type: "button", class: "link" }, "Log out");
  out.addEventListener("click", () => {
    logout();
    location.hash = "";
    route();
  });
  const links = NAV.map(([hash, label]) => h("li", {}, h("a", { href: hash, ...(current.startsWith(hash.slice(0, 7)) ? { "aria-current": "page" } : {}) }, label)));
  replace(app, h("a", { href: "#main", class: "skip" , onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, "Skip to content"),
    h("header", {}, h("span", { class: "brand" }, "netunicorn console"), h("nav", { "aria-label": "Main" }, h("ul", {}, ...links)),
      h("span", { class: "who" }, `Signed in (${session.who})`), out),
    main, statusLine);
  return main;
}

function route(): void {
  leave?.();
  leave = undefined;
  const session = restoreSession();
  if (session === null) {
    loginView(app, notice, site.demoUsers, () => {
      notice = undefined;
      if (location.hash === "" || location.hash === "#") location.hash = "#nodes";
      else route();
    });
    return;
  }
  const hash = location.hash || "#nodes";
  const root = shell(session, hash);
  const cleanups: (() => void)[] = [];
  let left = false;
  const ctx: ViewContext = {
    session,
    root,
    onLeave: (f) => void cleanups.push(f),
    get left() {
      return left;
    },
    navigate: (to) => void (location.hash = to),
    announce: (text) => void (statusLine.textContent = text),
  };
  leave = () => {
    left = true;
    for (const f of cleanups) f();
  };
  if (hash.startsWith("#experiment/")) experimentView(ctx, decodeURIComponent(hash.slice("#experiment/".length)));
  else if (hash === "#experiments") experimentsView(ctx);
  else if (hash === "#launch") void launchView(ctx);
  else if (hash === "#compare" || hash.startsWith("#compare/")) void openCompare(ctx, hash);
  else void nodesView(ctx);
  document.title = `${hash.replace(/^#/, "").split("/")[0] || "nodes"} · netunicorn console`;
}

/** Shown once on the login screen (why the session ended). */
let notice: string | undefined;
window.addEventListener(SESSION_ENDED, () => {
  notice = "The server no longer accepts this session's token (it may have expired): please log in again.";
  route();
});
// What the backend is (a simulation shows a banner on every screen and its demo users at login).
const site: SiteInfo = await loadSiteInfo();
if (site.simulation) app.before(simulationBanner());
window.addEventListener("hashchange", route);
route();
