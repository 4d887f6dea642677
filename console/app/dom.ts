/** Tiny DOM helpers: element creation with attributes and children, and a polite status line. */

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h("button", { type: "button", onclick }, "Save")`: attributes, `on*` listeners, children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Element | DocumentFragment, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child);
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let unique = 0;
/** A fresh id for label/aria wiring. */
export function uid(prefix: string): string {
  return `${prefix}-${++unique}`;
}

/** A labelled input: the label wraps its text and the control, so both are read together. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid("f");
  control.id = id;
  const wrapper = h("div", { class: "field" }, h("label", { for: id }, label), control);
  if (hint !== undefined) {
    const hintId = `${id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    wrapper.append(h("small", { id: hintId, class: "hint" }, hint));
  }
  return wrapper;
}

/** An error box in the server's (or the library's) words. */
export function errorBox(error: unknown): HTMLElement {
  return h("p", { class: "error", role: "alert" }, messageOf(error));
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Text of a status badge, with a class per status. */
export function badge(text: string): HTMLElement {
  return h("span", { class: `badge badge-${text.toLowerCase()}` }, text);
}

/** Yields to the browser (so long renders never freeze the page). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
