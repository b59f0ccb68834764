import type { PromptInfo, ResourceInfo, ResourceTemplateInfo } from "../snapshot/types.js";
import { jsdoc } from "./jsdoc.js";
import { identifier, namedAfter, NameScope, propertyKey } from "./names.js";

/** `namespace resources { … }`: `read(uri)` over the listed URIs, and one function per URI template. */
export function emitResources(resources: ResourceInfo[], templates: ResourceTemplateInfo[]): { text: string; templates: [string, string][] } {
  const scope = new NameScope(["read", "Uri"]);
  let body = "";
  if (resources.length > 0) {
    const members = resources.map((resource) => `${jsdoc(resourceDoc(resource), "    ")}    | ${JSON.stringify(resource.uri)}`);
    body += `    /** The resources the server lists. */\n    type Uri =\n${members.join("\n")};\n`;
    body += `    /** Reads a listed resource. */\n    function read(uri: Uri): Promise<ResourceResult>;\n`;
  }
  const spec: [string, string][] = [];
  for (const template of templates) {
    const fn = scope.claim(identifier(template.name, "resource"));
    spec.push([fn, template.uriTemplate]);
    const params = templateVariables(template.uriTemplate);
    const fields = params.map((p) => `${propertyKey(p.name)}${p.required ? "" : "?"}: string | number`).join("; ");
    const optional = params.every((p) => !p.required) ? "?" : "";
    body += jsdoc([...resourceDoc(template), `@uriTemplate ${template.uriTemplate}`], "    ");
    body += `    function ${fn}(params${optional}: { ${fields} }): Promise<ResourceResult>;\n`;
  }
  return { text: `  namespace resources {\n${body}  }\n`, templates: spec };
}

function resourceDoc(resource: ResourceInfo | ResourceTemplateInfo): string[] {
  // A name the URI ends with (`architecture.md` of `demo://…/architecture.md`) is read in the URI beside it.
  const label = resource.title ?? ("uri" in resource && resource.uri.endsWith(`/${resource.name}`) ? "" : resource.name);
  const head = [label, resource.mimeType ? `(${resource.mimeType})` : ""].filter(Boolean).join(" ");
  if (!resource.description) return [head];
  return [label ? `${head}: ${resource.description}` : `${resource.description}${head ? ` ${head}` : ""}`];
}

/** The variables of an RFC 6570 template; those in `{?…}` and `{&…}` query parts are optional. */
export function templateVariables(template: string): { name: string; required: boolean }[] {
  const out = new Map<string, boolean>();
  for (const [, expression] of template.matchAll(/\{([^}]*)\}/g)) {
    const operator = /^[+#./;?&]/.test(expression!) ? expression![0] : "";
    for (const spec of expression!.slice(operator ? 1 : 0).split(",")) {
      const name = spec.replace(/\*$|:\d+$/, "").trim();
      if (name && !out.has(name)) out.set(name, operator !== "?" && operator !== "&");
    }
  }
  return [...out].map(([name, required]) => ({ name, required }));
}

/** `namespace prompts { … }`: one function per prompt, taking its string arguments. */
export function emitPrompts(prompts: PromptInfo[]): { text: string; prompts: [string, string][] } {
  const scope = new NameScope();
  const spec: [string, string][] = [];
  let body = "";
  for (const prompt of prompts) {
    const fn = scope.claim(identifier(prompt.name, "prompt"));
    spec.push([fn, prompt.name]);
    const args = prompt.arguments ?? [];
    const doc = [prompt.title && prompt.title !== prompt.name ? prompt.title : "", prompt.description ?? ""];
    if (!namedAfter(fn, prompt.name)) doc.push(`@prompt ${prompt.name}`);
    body += jsdoc(doc, "    ");
    if (args.length === 0) {
      body += `    function ${fn}(): Promise<PromptResult>;\n`;
      continue;
    }
    const fields = args.map((a) => `${jsdoc(a.description ? [a.description] : [], "      ")}      ${propertyKey(a.name)}${a.required ? "" : "?"}: string;`);
    const optional = args.every((a) => !a.required) ? "?" : "";
    body += `    function ${fn}(args${optional}: {\n${fields.join("\n")}\n    }): Promise<PromptResult>;\n`;
  }
  return { text: `  namespace prompts {\n${body}  }\n`, prompts: spec };
}
