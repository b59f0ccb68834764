import { editDistance } from "./edit-distance.js";

/**
 * The candidate nearest in spelling to `word`, for "did you mean": within `maxDistance` edits
 * (one for words under three letters, which would match everything else), or a candidate that
 * starts with it (`--off` → `--offline`).
 */
export function nearest(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  const limit = word.length < 3 ? 1 : maxDistance;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate ?? (word.length >= 3 ? candidates.find((candidate) => candidate.startsWith(word)) : undefined);
}
