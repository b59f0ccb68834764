import { wrapColumns } from "../util/display-width.js";
import { printable } from "./printable.js";

/** The columns of a framed line; longer ones continue on lines of their own. */
const FRAME_WIDTH = 72;

/**
 * Lines of an approval question behind a gutter: `│` where a line starts, `┆` where a long one
 * continues, cut here at {@link FRAME_WIDTH} columns rather than by the terminal (or a client's
 * code block, which may scroll sideways and hide a line's end instead). No text of the arguments
 * starts a screen line, so none can pass for a line of the listing, nor for the question under it.
 */
export function framed(lines: string[]): string {
  return lines.flatMap((line) => wrapColumns(printable(line), FRAME_WIDTH).map((piece, i) => `${i === 0 ? "  │ " : "  ┆ "}${piece}`)).join("\n");
}
