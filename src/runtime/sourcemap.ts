const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * For each generated line of a source map (index 0 = line 1), the original line (1-based) its
 * first mapping points at; lines without mappings take the previous line's. Only lines are
 * needed to point an agent at its own code.
 */
export function decodeLineMap(mapJson: string): number[] {
  const map = JSON.parse(mapJson) as { mappings: string };
  const lines: number[] = [];
  let sourceLine = 0;
  for (const segmentLine of map.mappings.split(";")) {
    let first: number | undefined;
    for (const segment of segmentLine.split(",")) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      if (fields.length >= 4) {
        sourceLine += fields[2]!;
        first ??= sourceLine;
      }
    }
    lines.push((first ?? sourceLine) + 1);
  }
  return lines;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
