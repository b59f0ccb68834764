import { readFileSync } from "node:fs";

/**
 * Runs workerd under `sh` so that it dies with the host: the shell holds the read end of a pipe
 * whose write end only the host holds (the child's stdin, never written), and kills workerd when
 * that pipe ends, which happens when the host exits in any way, SIGKILL included. The watcher
 * ignores every signal it can (TERM, HUP, INT, PIPE, …), which a process group gets all at once
 * (`timeout`, `kill -- -pgid`): it must outlive the shell and the host to do its job; its shell
 * ends it with SIGKILL once workerd has exited. workerd has no
 * parent-death option of its own, and an orphaned workerd could run a hostile loop forever.
 * Without `sh` (Windows), workerd is started directly.
 */
const WATCH_SCRIPT = String.raw`
exec 3<&0 </dev/null
"$0" "$@" 3<&- &
pid=$!
( trap '' HUP INT QUIT PIPE ALRM TERM USR1 USR2 VTALRM PROF; while IFS= read -r _; do :; done <&3; kill -9 "$pid" ) 2>/dev/null &
watch=$!
exec 3<&-
wait "$pid"
code=$?
kill -9 "$watch" 2>/dev/null
exit "$code"
`;

export function launchWorkerd(binary: string, args: string[]): { command: string; args: string[]; watched: boolean } {
  if (process.platform === "win32") return { command: binary, args, watched: false };
  return { command: "/bin/sh", args: ["-c", WATCH_SCRIPT, binary, ...args], watched: true };
}

/** workerd's own pid under the watching shell (its child named workerd), where /proc tells. */
export function workerdChild(shellPid: number | undefined): number | undefined {
  if (shellPid === undefined) return undefined;
  try {
    const children = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return children.find((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd");
  } catch {
    return undefined;
  }
}
