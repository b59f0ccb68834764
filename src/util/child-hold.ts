import type { ChildProcess } from "node:child_process";

/**
 * Whether a child process, and the pipes to it, keep this process alive. Unheld, an idle child
 * (a warm sandbox, a workerd, an esbuild started ahead) lets a script that forgot to close its
 * runtime exit, and dies with it; work in flight holds the host through its own timer, or by
 * holding its child again.
 */
export function holdHost(child: ChildProcess, hold: boolean): void {
  if (hold) child.ref();
  else child.unref();
  for (const pipe of child.stdio) {
    const handle = pipe as { ref?: () => void; unref?: () => void } | null;
    if (hold) handle?.ref?.();
    else handle?.unref?.();
  }
}
