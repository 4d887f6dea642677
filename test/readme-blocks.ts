// The fenced code blocks of a Markdown file, each with the HTML comment marker just above it
// (`<!-- example -->`, …) and the block that follows a "Prints…:" line after it.

export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word: "ts", "sh", "text", … ("" when none). */
  lang: string;
  code: string;
  /** The marker comment's inside, trimmed (`example`, `deno-example`, …), or null. */
  marker: string | null;
  /** The code of a block introduced by a "Prints…:" paragraph right after this one, or null. */
  printed: string | null;
}

const FENCE = /^(\s*)```(\S*)/;
const MARKER = /^\s*<!--\s*(.*?)\s*-->\s*$/;

/** Every fenced block, in order; indented fences (inside list items) count too. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: (CodeBlock & { end: number })[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    const code = lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)![0].length))).join("\n");
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === "") above--;
    const marker = above >= 0 ? (MARKER.exec(lines[above]!)?.[1] ?? null) : null;
    blocks.push({ line: i + 1, lang: open[2]!.toLowerCase(), code: code + "\n", marker, printed: null, end });
    i = end;
  }
  // "Prints…:" (one paragraph, ending in a colon) between a block and the next one.
  for (let b = 0; b + 1 < blocks.length; b++) {
    const between = lines.slice(blocks[b]!.end + 1, blocks[b + 1]!.line - 1).join("\n").trim();
    if (/^Prints\b[\s\S]*:$/.test(between)) blocks[b]!.printed = blocks[b + 1]!.code;
  }
  return blocks.map(({ end: _end, ...block }) => block);
}

/** Languages whose blocks are programs a reader would run with Node, tsx or Deno. */
export const SCRIPT_LANGS = new Set(["ts", "typescript", "mts", "tsx", "js", "javascript", "mjs"]);

/** Markers whose blocks another test file runs (that file reads the block by its marker). */
export const RUN_ELSEWHERE: Record<string, string> = {
  "deno-example": "test/runtime/deno-readme.test.ts",
};

/** Script blocks no test runs: unmarked, an unknown marker, or an `example` without its output. */
export function unrunBlocks(file: string, blocks: readonly CodeBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (!SCRIPT_LANGS.has(b.lang)) return [];
    const where = `${file}:${b.line} (\`\`\`${b.lang})`;
    if (b.marker === null) return [`${where} has no marker: mark it <!-- example --> and follow it with "Prints:" and its output`];
    if (b.marker === "example") return b.printed === null ? [`${where} is marked example but no "Prints…:" block follows it`] : [];
    if (b.marker in RUN_ELSEWHERE) return [];
    return [`${where} has the marker <!-- ${b.marker} -->, which no test runs (use <!-- example -->)`];
  });
}
