import type { ServerListing, ToolInfo } from "../snapshot/types.js";

/**
 * What agent code may call on one server. Each entry is a glob on MCP tool names (`*`, `?`) or
 * a class of tools by annotation, read with the MCP spec's defaults (a server that says nothing
 * says the worst): `destructive` (not readOnlyHint, and destructiveHint not false), `openWorld`
 * (openWorldHint not false), `write` (not readOnlyHint).
 */
export interface ServerPolicy {
  /** When set, only these tools exist; the rest are denied. */
  allow?: string[];
  /** These tools do not exist for agent code: gone from the typings, search and the digest, and refused by the host. */
  deny?: string[];
  /** These tools run only after someone approves each call (see `onApproval`). */
  approve?: string[];
}

/** Policies by server name; `"*"` applies to every server (a server's own entry is added to it). */
export type Policy = Record<string, ServerPolicy>;

export type Decision = "allow" | "deny" | "approve";

export const POLICY_CLASSES = ["destructive", "openWorld", "write"] as const;

function matches(pattern: string, tool: ToolInfo): boolean {
  const hints = tool.annotations ?? {};
  // MCP defaults destructiveHint and openWorldHint to true; destructiveHint counts only for a tool that is not read-only.
  if (pattern === "destructive") return hints.readOnlyHint !== true && hints.destructiveHint !== false;
  if (pattern === "openWorld") return hints.openWorldHint !== false;
  if (pattern === "write") return hints.readOnlyHint !== true;
  const glob = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return glob.test(tool.name);
}

/** The entries for a server: its own and those of `"*"`. */
function entries(policy: Policy | undefined, server: string, key: keyof ServerPolicy): string[] | undefined {
  const lists = [policy?.["*"]?.[key], policy?.[server]?.[key]].filter((list): list is string[] => list !== undefined);
  return lists.length === 0 ? undefined : lists.flat();
}

/** What the policy says of one tool: deny wins over approve, and an allow list denies what it does not name. */
export function decide(policy: Policy | undefined, server: string, tool: ToolInfo): Decision {
  const allow = entries(policy, server, "allow");
  if (allow && !allow.some((pattern) => matches(pattern, tool))) return "deny";
  if (entries(policy, server, "deny")?.some((pattern) => matches(pattern, tool))) return "deny";
  if (entries(policy, server, "approve")?.some((pattern) => matches(pattern, tool))) return "approve";
  return "allow";
}

/** The listings as agent code sees them: denied tools removed. */
export function applyPolicy(listings: ServerListing[], policy: Policy | undefined): ServerListing[] {
  if (!policy || Object.keys(policy).length === 0) return listings;
  return listings.map((listing) => {
    const tools = listing.snapshot.tools.filter((tool) => decide(policy, listing.name, tool) !== "deny");
    return tools.length === listing.snapshot.tools.length ? listing : { ...listing, snapshot: { ...listing.snapshot, tools } };
  });
}
