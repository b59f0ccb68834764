import { describe, expect, it } from "vitest";
import { askOnTerminal } from "../../src/cli/approval.js";
import { printable } from "../../src/cli/printable.js";
import { argumentsPreview } from "../../src/policy/arguments-preview.js";

describe("approvals at the terminal", () => {
  it("shows one question at a time: the next only once the last is answered, and each answer goes to its own", async () => {
    const shown: string[] = [];
    const answers: ((line: string) => void)[] = [];
    const approve = askOnTerminal((question) => (shown.push(question), new Promise((resolve) => answers.push(resolve))));
    const first = approve({ server: "fs", tool: "write", args: { path: "/etc/passwd" } });
    const second = approve({ server: "fs", tool: "write", args: { path: "notes.txt" } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shown).toEqual(['codemode: allow fs.write({"path":"/etc/passwd"})? [y/N] ']);
    answers[0]!("n");
    expect(await first).toBe(false);
    await expect.poll(() => shown.length).toBe(2);
    expect(shown[1]).toContain('"path":"notes.txt"');
    answers[1]!("y");
    expect(await second).toBe(true);
  });

  it("a long first argument does not hide the others: each value is cut, every key shown", () => {
    const args = { content: "harmless note ".repeat(25), path: "/home/victim/.bashrc" };
    const preview = argumentsPreview(args);
    expect(preview).toContain('"path":"/home/victim/.bashrc"');
    expect(preview).toMatch(/^\{"content":"harmless note [^}]*…\(\d+ characters not shown\)…[^}]*harmless note ","path":"\/home\/victim\/\.bashrc"\} \(\d+ characters in all\)$/);
    expect(argumentsPreview({ message: "short" })).toBe('{"message":"short"}');
  });

  it("a path whose first characters look harmless is shown to its end (outside attack: `../` after the cut)", () => {
    const path = "scratch/notes/2026-12-02/draft-summary-for-the-user-today/../../../../pwned.txt";
    const preview = argumentsPreview({ path, content: "// harmless notes\n".repeat(40) });
    expect(preview).toContain(JSON.stringify(path));
    // Longer than any path: its two ends, and how much is hidden between them.
    const long = `notes/${"a/".repeat(150)}../../../../../../.ssh/authorized_keys`;
    const cut = argumentsPreview({ path: long, content: "x".repeat(300) });
    expect(cut).toContain("/.ssh/authorized_keys\"");
    expect(cut).toMatch(/"path":"notes\/a\/[^"]*…\(\d+ characters not shown\)…/);
  });

  it("a server's tool name is escaped in the question too (outside attack: a name holding ESC[8m)", async () => {
    const shown: string[] = [];
    const approve = askOnTerminal(async (question) => (shown.push(question), "n"));
    await approve({ server: "evil", tool: "rm\u001b[8m_hidden\u001b[0m\u202e", args: {} });
    expect(shown[0]).not.toMatch(/[\u001b\u202e]/);
  });

  it("text that reorders or hides itself is escaped: bidi overrides and isolates, zero-width characters", () => {
    expect(printable("report\u202Etxt.exe")).toBe("report\\u{202e}txt.exe");
    expect(printable("a\u200Bb\u2066c\u2069\uFEFF")).toBe("a\\u{200b}b\\u{2066}c\\u{2069}\\u{feff}");
    expect(printable("tab\tand newline\n kept, \u001b[2J escaped")).toBe("tab\tand newline\n kept, \\x1b[2J escaped");
  });
});
