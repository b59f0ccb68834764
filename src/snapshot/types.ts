/** A JSON Schema as servers send it: an object, or `true`/`false`. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Hints a server gives about a tool's behaviour (MCP `ToolAnnotations`). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  annotations?: ToolAnnotations;
}

export interface ResourceInfo {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface ResourceTemplateInfo {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface PromptArgument {
  name: string;
  description?: string;
  required?: boolean;
}

export interface PromptInfo {
  name: string;
  title?: string;
  description?: string;
  arguments?: PromptArgument[];
}

export interface ServerInfo {
  name: string;
  version?: string;
  title?: string;
}

/**
 * The canonical record of what one server said: the contract between introspection and
 * emit. Lists are sorted by name and keys by code point, so equal APIs give equal bytes.
 */
export interface Snapshot {
  serverInfo?: ServerInfo;
  protocolVersion?: string;
  instructions?: string;
  tools: ToolInfo[];
  resources: ResourceInfo[];
  resourceTemplates: ResourceTemplateInfo[];
  prompts: PromptInfo[];
}

/** What introspection or a snapshot file gave for one configured server. */
export interface ServerListing {
  /** The config key. */
  name: string;
  snapshot: Snapshot;
  /** Per-tool problems that did not stop the server, e.g. an input schema without a type. */
  warnings: string[];
}
