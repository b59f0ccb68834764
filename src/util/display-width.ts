/**
 * Characters a terminal draws two columns wide: Hangul, CJK, full-width forms and most emoji
 * (East Asian Width W and F, in the ranges that matter; the rest count one column).
 */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** The columns `text` takes on a terminal, roughly: one per character, two per wide one. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) width += WIDE.test(c) ? 2 : 1;
  return width;
}

/** `text` cut into pieces of at most `width` columns each. */
export function wrapColumns(text: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  let used = 0;
  for (const c of text) {
    const w = WIDE.test(c) ? 2 : 1;
    if (used + w > width && piece) {
      pieces.push(piece);
      piece = "";
      used = 0;
    }
    piece += c;
    used += w;
  }
  pieces.push(piece);
  return pieces;
}
