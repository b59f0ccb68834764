import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodemodeError, messageOf } from "../errors.js";
import type { EmittedFile } from "../emit/emit.js";

/** How the output folder differs from what generate would write. */
export interface OutputPlan {
  added: string[];
  changed: string[];
  unchanged: string[];
  /** Packages of servers no longer in the config, as folder names. */
  removed: string[];
}

/** Compares the files with the output folder. Reads only; `--check` stops here. */
export async function planOutput(outDir: string, files: EmittedFile[], keep: string[] = []): Promise<OutputPlan> {
  const plan: OutputPlan = { added: [], changed: [], unchanged: [], removed: [] };
  await Promise.all(
    files.map(async (file) => {
      const current = await readFile(path.join(outDir, file.path), "utf8").catch(() => undefined);
      const bucket = current === undefined ? plan.added : current === file.content ? plan.unchanged : plan.changed;
      bucket.push(file.path);
    }),
  );
  const wanted = new Set([...files.map((file) => file.path.split("/")[0]!), ...keep]);
  plan.removed = (await generatedPackages(outDir)).filter((name) => !wanted.has(name));
  for (const list of [plan.added, plan.changed, plan.unchanged, plan.removed]) list.sort();
  return plan;
}

/**
 * Writes what changed. Every new file is first written beside its target, and only when all
 * are on disk are they renamed into place, so a failure leaves the previous output as it was.
 * Unchanged files are not touched.
 */
export async function writeOutput(outDir: string, files: EmittedFile[], plan: OutputPlan): Promise<void> {
  const dirty = new Set([...plan.added, ...plan.changed]);
  const staged: [string, string][] = [];
  try {
    for (const file of files) {
      if (!dirty.has(file.path)) continue;
      const target = path.join(outDir, file.path);
      const temp = `${target}.codemode-${process.pid}.tmp`;
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(temp, file.content);
      staged.push([temp, target]);
    }
    for (const [temp, target] of staged) await rename(temp, target);
    for (const name of plan.removed) await rm(path.join(outDir, name), { recursive: true, force: true });
  } catch (error) {
    await Promise.all(staged.map(([temp]) => rm(temp, { force: true })));
    throw new CodemodeError("WRITE_FAILED", `could not write to ${outDir}: ${messageOf(error)}`, { cause: error });
  }
}

/** Folders in the output that codemode made: they hold a `package.json` with an `mcpServer` field. */
async function generatedPackages(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => {
        const text = await readFile(path.join(outDir, entry.name, "package.json"), "utf8").catch(() => "");
        return text.includes('"mcpServer"') ? entry.name : undefined;
      }),
  );
  return found.filter((name): name is string => name !== undefined);
}
