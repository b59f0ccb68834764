/** codemode's own version, sent as MCP client info. Never written into generated files. */
export const CODEMODE_VERSION = "0.1.0";
