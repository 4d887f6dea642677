/** Log in with a login and password, or with an access token obtained elsewhere. */
import { errorBox, field, h, replace } from "./dom.js";
import { loginWithPassword, loginWithToken } from "./session.js";
import type { DemoUser } from "./site-info.js";

/** The sandbox's demo users (a simulation only), each with a button that fills the form in. */
function demoUsersBox(users: readonly DemoUser[], fill: (user: DemoUser) => void): HTMLElement | null {
  if (users.length === 0) return null;
  const items = users.map((user) => {
    const use = h("button", { type: "button", class: "link" }, `Use ${user.login}`);
    use.addEventListener("click", () => fill(user));
    return h("li", {}, h("code", {}, user.login), " / ", h("code", {}, user.password), user.sudo ? h("small", { class: "muted" }, " (administrator)") : null, " ", use);
  });
  return h("section", { class: "demo-users", "aria-labelledby": "demo-users" }, h("h2", { id: "demo-users" }, "Demo users of this simulation"), h("ul", {}, ...items));
}

export function loginView(app: HTMLElement, notice: string | undefined, demoUsers: readonly DemoUser[], done: () => void): void {
  const login = h("input", { type: "text", autocomplete: "username", required: true });
  const password = h("input", { type: "password", autocomplete: "current-password", required: true });
  const token = h("input", { type: "password", autocomplete: "off", required: true });
  const out = h("div", { "aria-live": "assertive" }, notice === undefined ? null : h("p", { class: "error", role: "alert" }, notice));
  const busy = (form: HTMLFormElement, on: boolean): void => form.querySelectorAll("button").forEach((b) => (b.disabled = on));
  const submit = (form: HTMLFormElement, attempt: () => Promise<unknown>): void => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(form, true);
      replace(out, h("p", { class: "muted" }, "Signing in…"));
      attempt().then(done, (error: unknown) => {
        busy(form, false);
        replace(out, errorBox(error));
      });
    });
  };
  const byPassword = h("form", { "aria-labelledby": "login-pw" }, h("h2", { id: "login-pw" }, "With a password"), field("Login", login), field("Password", password), h("button", { type: "submit" }, "Log in"));
  const byToken = h("form", { "aria-labelledby": "login-token" }, h("h2", { id: "login-token" }, "With an access token"), field("Access token", token, "e.g. the one netunicorn's web UI holds"), h("button", { type: "submit" }, "Use token"));
  submit(byPassword, () => loginWithPassword(login.value, password.value));
  submit(byToken, () => loginWithToken(token.value));
  const demo = demoUsersBox(demoUsers, (user) => {
    login.value = user.login;
    password.value = user.password;
    password.focus();
  });
  replace(app, h("main", { id: "main", class: "login" }, h("h1", {}, "netunicorn console"), h("p", {}, "Sign in to the netunicorn server behind this console. The token is kept in this tab only."), out, h("div", { class: "login-forms" }, byPassword, byToken), demo));
  login.focus();
}
