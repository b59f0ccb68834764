import { spawn } from "node:child_process";

/**
 * Opens a URL in the user's browser: `$BROWSER` when set (a command; the URL is appended),
 * else the platform's opener. Resolves false when nothing could be started, so the caller
 * relies on the printed URL. No shell is involved: the URL comes from a remote server.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const [command, ...args] = env.BROWSER ? [...env.BROWSER.trim().split(/\s+/), url] : platformOpener(url);
  return new Promise((resolve) => {
    try {
      const child = spawn(command!, args, { stdio: "ignore", detached: true, env });
      child.once("error", () => resolve(false));
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

function platformOpener(url: string): string[] {
  if (process.platform === "darwin") return ["open", url];
  if (process.platform === "win32") return ["rundll32", "url.dll,FileProtocolHandler", url];
  return ["xdg-open", url];
}
