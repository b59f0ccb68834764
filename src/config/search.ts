import { existsSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The folders a config is looked for in, nearest first: the working folder, then those above
 * it up to the project's root (the nearest folder with a `package.json`), as tsc and eslint
 * find theirs. A config is code that runs, so the search never climbs into a folder someone else
 * could have put one in: one that others may write (`/tmp`) or that another user owns. Without
 * a `package.json` above, only the working folder is searched, as before. (On Windows, whose
 * modes say nothing of its ACLs, every folder reads as writable by others: only the working
 * folder is searched there.)
 */
export function configFolders(cwd: string): string[] {
  const folders = [cwd];
  for (let folder = cwd; !existsSync(path.join(folder, "package.json")); ) {
    const parent = path.dirname(folder);
    if (parent === folder || !trusted(parent)) return [cwd];
    folders.push(parent);
    folder = parent;
  }
  return folders;
}

function trusted(folder: string): boolean {
  try {
    const { mode, uid } = statSync(folder);
    const ownedWell = process.getuid === undefined || uid === process.getuid() || uid === 0;
    return ownedWell && (mode & 0o002) === 0;
  } catch {
    return false;
  }
}
