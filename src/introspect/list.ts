import type { Client } from "@modelcontextprotocol/client";
import { z } from "zod";
import { CodemodeError } from "../errors.js";

const MAX_PAGES = 1000;

/**
 * Lists every page of `tools/list`, `resources/list`, … The result schema is permissive on
 * purpose: the SDK's own `listTools()` throws for the whole server when one tool's schema is
 * off; here items pass through raw and `canonicalize` reports problems per tool.
 */
export async function listAll(client: Client, method: string, field: string, server: string): Promise<unknown[]> {
  const page = z.looseObject({ [field]: z.array(z.unknown()).optional(), nextCursor: z.string().optional() });
  const items: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const result = await client.request({ method, params: cursor === undefined ? {} : { cursor } }, page);
    items.push(...((result[field] as unknown[] | undefined) ?? []));
    cursor = result.nextCursor as string | undefined;
    if (cursor === undefined || cursor === "") return items;
    if (seen.has(cursor)) {
      throw new CodemodeError("PROTOCOL", `server "${server}": ${method} returned the cursor "${cursor}" twice`);
    }
    seen.add(cursor);
  }
  throw new CodemodeError("PROTOCOL", `server "${server}": ${method} had more than ${MAX_PAGES} pages`);
}
