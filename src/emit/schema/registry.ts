import { NameScope, RESERVED_TYPE_NAMES } from "../names.js";
import type { TsType } from "./ast.js";

/** A named type in a server's namespace. */
export interface Declaration {
  name: string;
  doc: string[];
  type: TsType;
}

/**
 * The named types of one server namespace. Definitions that are the same schema (the same
 * name and the same closure of what they reference) share one type, however many tools repeat
 * them; definitions that share only a name get distinct names.
 */
export class TypeRegistry {
  readonly scope = new NameScope(RESERVED_TYPE_NAMES);
  readonly declarations: Declaration[] = [];
  readonly warnings: string[] = [];
  private readonly byIdentity = new Map<string, string>();

  constructor(readonly server: string) {}

  /** The name already given to a definition with this identity, if any. */
  named(identity: string): string | undefined {
    return this.byIdentity.get(identity);
  }

  /** Gives a new definition a name, preferring `preferred`, then `fallback`, then numbered. */
  name(identity: string, preferred: string, fallback: string): string {
    const name = this.scope.has(preferred) ? this.scope.claim(fallback) : this.scope.claim(preferred);
    this.byIdentity.set(identity, name);
    return name;
  }

  declare(declaration: Declaration): void {
    this.declarations.push(declaration);
  }

  warn(tool: string, pointer: string, text: string): void {
    this.warnings.push(`server "${this.server}": tool "${tool}": at ${pointer || "/"}: ${text}`);
  }
}
