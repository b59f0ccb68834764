import { messageOf } from "../errors.js";

/** Why a file a user named could not be read, in words rather than Node's (`ENOENT: no such file or directory, open '…'`). */
export function readProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a folder, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return messageOf(error);
  }
}
