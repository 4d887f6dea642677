/** The #compare route: its screen loads with the results code (netunicorn/results) on first use. */
import { errorBox, replace } from "./dom.js";
import type { ViewContext } from "./view.js";

/** "#compare" or "#compare/<experiment to start from>". */
export async function openCompare(ctx: ViewContext, hash: string): Promise<void> {
  const preselected = hash.startsWith("#compare/") ? decodeURIComponent(hash.slice("#compare/".length)) : null;
  try {
    const { compareView } = await import("./compare-view.js");
    if (!ctx.left) await compareView(ctx, preselected);
  } catch (error) {
    if (!ctx.left) replace(ctx.root, errorBox(error));
  }
}
