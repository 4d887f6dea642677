/** Name encoding for paths, identical to Python's `urllib.parse.quote_plus`. */
import { UsageError } from "../errors.js";

/**
 * Percent-encodes `text` as UTF-8 exactly like Python's `quote_plus(text)`: letters, digits and
 * `_.-~` stay, a space becomes `+`, everything else becomes `%XX` (uppercase hex).
 * netunicorn oddity mirrored: the server does not decode `+` back, so "my exp" is stored as "my+exp";
 * encoding like Python keeps names shared with Python users identical.
 * Throws a UsageError for text that is not valid Unicode (a lone surrogate), which Python refuses too.
 */
export function quotePlus(text: string): string {
  try {
    // encodeURIComponent also leaves !'()* alone; quote_plus does not.
    return encodeURIComponent(text)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, "+");
  } catch {
    throw new UsageError(`quotePlus: ${JSON.stringify(text)} is not valid Unicode (lone surrogate)`);
  }
}
