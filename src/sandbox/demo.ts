/**
 * The demo world the sandbox serves by default: two users (as in the recorded transcripts) and
 * a small pool with one pool per connector, architectures, environments, access tags, an
 * uncountable pool and two nodes rigged to fail (property `sandbox-fail`).
 */
import type { NodeJson, PoolJson, SandboxUser } from "./world.js";

export const DEMO_USERS: Record<string, SandboxUser> = {
  demo: { password: "demo-password" },
  other: { password: "other-password" },
  admin: { password: "admin-password", sudo: true },
};

const BOTH = ["ShellExecution", "DockerImage"];

function node(name: string, connector: string, architecture: string, extra: NodeJson["properties"] = {}): NodeJson {
  return {
    name,
    properties: { connector, "netunicorn-environments": BOTH, ...extra },
    additional_properties: {},
    architecture,
  };
}

export const DEMO_POOL: PoolJson = {
  node_pool_type: "CountableNodePool",
  node_pool_data: [
    {
      node_pool_type: "CountableNodePool",
      node_pool_data: [
        node("node-a", "local", "linux/amd64"),
        node("node-b", "local", "linux/amd64"),
        node("node-c", "local", "linux/amd64"),
      ],
      node_pool_metadata: null,
    },
    {
      node_pool_type: "CountableNodePool",
      node_pool_data: [
        node("rpi-arm64-01", "lab", "linux/arm64", { "memory_gb": 4 }),
        node("shell-only-01", "lab", "linux/amd64", { "netunicorn-environments": ["ShellExecution"] }),
        node("flaky-01", "lab", "linux/amd64", { "sandbox-fail": "execute" }),
        node("broken-01", "lab", "linux/amd64", { "sandbox-fail": "prepare" }),
        node("private-01", "lab", "linux/amd64", { "netunicorn-access-tags": ["private"] }),
      ],
      node_pool_metadata: null,
    },
    {
      node_pool_type: "UncountableNodePool",
      node_pool_data: [node("cloud-vm-", "cloud", "linux/amd64")],
      node_pool_metadata: 5,
    },
  ],
  node_pool_metadata: null,
};
