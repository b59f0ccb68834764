import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { tscStrict } from "../helpers/tsc.js";

/**
 * Calls an agent would write against the `freeform` fixture (kubernetes- and n8n-like tools
 * whose schemas nest `{ "type": "object" }` for free-form data), type-checked by the real tsc
 * against the committed golden typings. `@ts-expect-error` marks what must stay an error.
 */
const AGENT = `
export async function agent() {
  await freeform.kubectlPatch({ resourceType: "deployment", name: "web", patchData: { spec: { replicas: 3 } } });
  await freeform.kubectlPatch({
    resourceType: "deployment",
    name: "web",
    patchType: "json",
    patchData: { metadata: { labels: { tier: "frontend" }, annotations: null }, spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } } },
  });
  await freeform.installHelmChart({
    name: "ingress",
    chart: "ingress-nginx",
    namespace: "ingress",
    values: { controller: { replicaCount: 2, service: { type: "LoadBalancer" } }, tolerations: [], enabled: true },
  });
  await freeform.validateWorkflow({
    workflow: {
      name: "Webhook to Slack",
      nodes: [
        { name: "Webhook", type: "n8n-nodes-base.webhook", typeVersion: 2, position: [250, 300], parameters: { path: "hook", httpMethod: "POST", options: {} } },
        { name: "Slack", type: "n8n-nodes-base.slack", parameters: { channel: "#ops", text: "={{ $json.body.message }}", otherOptions: { mrkdwn: true } }, credentials: { slackApi: { id: "1", name: "Slack" } } },
      ],
      connections: { Webhook: { main: [[{ node: "Slack", type: "main", index: 0 }]] } },
      settings: { executionOrder: "v1" },
    },
    options: { profile: "runtime" },
  });
  await freeform.updateNode({ workflowId: "w1", id: "n1", parameters: { url: "https://example.com", sendHeaders: true }, credentials: { httpBasicAuth: { id: "2" } } });
  const types = await freeform.listNodeTypes({ category: "trigger" });
  const names: string[] = types.map((type) => type.displayName);
  const info = await freeform.getClusterInfo();
  const labels: unknown = info.labels?.["topology.kubernetes.io/region"];

  // @ts-expect-error a typo next to declared properties is still caught
  await freeform.kubectlPatch({ resourceType: "pod", name: "web", patchData: {}, namspace: "prod" });
  // @ts-expect-error patchData is an object, not a string
  await freeform.kubectlPatch({ resourceType: "pod", name: "web", patchData: "{}" });
  // @ts-expect-error credentials need the node's id (dependentRequired)
  await freeform.updateNode({ workflowId: "w1", credentials: {} });
  // @ts-expect-error a tool without parameters takes none
  await freeform.getClusterInfo({ verbose: true });
  return { names, labels };
}
`;

it("a realistic non-empty call with free-form objects type-checks against the golden typings", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codemode-freeform-"));
  try {
    const agent = path.join(dir, "agent.ts");
    await writeFile(agent, AGENT);
    expect(await tscStrict([path.resolve("test/golden/freeform/.agents.d.ts"), agent])).toBe("");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
