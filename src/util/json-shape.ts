/** How deeply arrays and objects nest in JSON text, and how many there are. */
export interface JsonShape {
  depth: number;
  containers: number;
}

/**
 * The shape of JSON text, measured in one pass that skips strings and parses nothing, so a
 * hostile text costs its length once: checked before the text is parsed or handed on. Counting
 * stops past `maxContainers`.
 */
export function jsonShape(json: string, maxContainers = Infinity): JsonShape {
  let depth = 0;
  let deepest = 0;
  let containers = 0;
  let inString = false;
  for (let i = 0; i < json.length && containers <= maxContainers; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      containers++;
      deepest = Math.max(deepest, ++depth);
    } else if (c === 93 || c === 125) depth--;
  }
  return { depth: deepest, containers };
}
