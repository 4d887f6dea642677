/**
 * Numbers written as Python wrote them, so that a CSV reader (Python's csv + float/int, pandas, a
 * spreadsheet) gets back the value the Python object held. The decoder gives a Python float as a
 * JS number with the same bits; JS and Python both print the shortest digits that round-trip, but
 * place the exponent differently (Python's repr: exponent below 1e-4 and from 1e16 on, at least
 * two exponent digits, a ".0" on whole floats).
 */

// Whole numbers below 2**53 may have been ints or whole floats (the decoder gives both as a
// number); they are written as integers, which any reader turns back into the same value.
const SAFE = 2 ** 53;

/** Python's repr() of a float with these bits. */
export function pythonFloatRepr(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = n.toExponential().split("e") as [string, string];
  const exponent = Number(exp);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const frac = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${frac}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const frac = digits.slice(exponent + 1);
  return `${sign}${whole}.${frac === "" ? "0" : frac}`;
}

/** A number as CSV text: whole numbers below 2**53 as integers, any other as Python's float repr. */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < SAFE && !Object.is(n, -0)) return String(n);
  return pythonFloatRepr(n);
}
