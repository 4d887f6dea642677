/**
 * Download buttons of an experiment's rows: CSV (rowsToCSV: RFC 4180, what pandas and a
 * spreadsheet read) and JSON Lines (rowsToJSONLines). The file is made in the page (a Blob and
 * an object URL), nothing is asked of the server again.
 */
import { type ResultRow, rowsToCSV, rowsToJSONLines } from "netunicorn/results";
import { h } from "./dom.js";

/** Object URLs live this long after their click (the browser has read the Blob by then). */
const URL_LIFETIME_MS = 60_000;

/** A file name from the experiment's name: letters, digits, dot, dash and underscore only. */
export function fileNameOf(experiment: string, extension: string): string {
  const safe = experiment.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "") || "experiment";
  return `${safe}-results.${extension}`;
}

function save(text: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
}

/** "Download CSV" and "Download JSON Lines" of the rows `current()` gives at click time. */
export function downloadButtons(experiment: string, current: () => readonly ResultRow[]): HTMLElement {
  const csv = h("button", { type: "button" }, "Download CSV");
  const jsonl = h("button", { type: "button" }, "Download JSON Lines");
  csv.addEventListener("click", () => save(rowsToCSV(current()), "text/csv;charset=utf-8", fileNameOf(experiment, "csv")));
  jsonl.addEventListener("click", () => save(rowsToJSONLines(current()), "application/x-ndjson;charset=utf-8", fileNameOf(experiment, "jsonl")));
  return h("div", { class: "actions downloads", role: "group", "aria-label": "Download the results" }, csv, jsonl);
}
