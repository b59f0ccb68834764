import { describe, expect, it } from "vitest";
import { askOnTerminal } from "../../src/cli/approval.js";
import { printable, printableJson } from "../../src/cli/printable.js";
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

  it("does not ask a question whose run ended while it waited its turn", async () => {
    const shown: string[] = [];
    const answers: ((line: string) => void)[] = [];
    const approve = askOnTerminal((question) => (shown.push(question), new Promise((resolve) => answers.push(resolve))));
    const ended = new AbortController();
    const first = approve({ server: "fs", tool: "write", args: { path: "a" } });
    const stale = approve({ server: "fs", tool: "write", args: { path: "b" }, signal: ended.signal });
    ended.abort();
    await expect.poll(() => answers.length).toBe(1);
    answers[0]!("y");
    expect(await first).toBe(true);
    expect(await stale).toBe(false);
    expect(shown).toHaveLength(1);
  });

  it("a long first argument does not hide the others: each value is cut, every key shown", () => {
    const args = { content: "harmless note ".repeat(25), path: "/home/victim/.bashrc" };
    const preview = argumentsPreview(args);
    expect(preview.text).toContain('"path":"/home/victim/.bashrc"');
    expect(preview.text).toMatch(/^\{"content":"harmless note [^}]*…\(\d+ characters not shown\)…[^}]*harmless note ","path":"\/home\/victim\/\.bashrc"\} \(\d+ characters in all\)$/);
    expect(preview.complete).toBe(false);
    expect(argumentsPreview({ message: "short" })).toEqual({ text: '{"message":"short"}', complete: true });
  });

  it("a path whose first characters look harmless is shown to its end (outside attack: `../` after the cut)", () => {
    const path = "scratch/notes/2026-12-02/draft-summary-for-the-user-today/../../../../pwned.txt";
    const preview = argumentsPreview({ path, content: "// harmless notes\n".repeat(40) }).text;
    expect(preview).toContain(JSON.stringify(path));
    // Longer than any path: its two ends, and how much is hidden between them.
    const long = `notes/${"a/".repeat(150)}../../../../../../.ssh/authorized_keys`;
    const cut = argumentsPreview({ path: long, content: "x".repeat(300) }).text;
    expect(cut).toContain("/.ssh/authorized_keys\"");
    expect(cut).toMatch(/"path":"notes\/a\/[^"]*…\(\d+ characters not shown\)…/);
  });

  it("an array is shown entry by entry: an entry in the middle of a long list is not cut away with the middle of its text (outside attack)", () => {
    const paths = [...Array.from({ length: 15 }, (_, i) => `notes/2026/december/meeting-${i}.md`), "/home/victim/.ssh/id_ed25519", ...Array.from({ length: 15 }, (_, i) => `notes/2026/december/todo-${i}.md`)];
    const preview = argumentsPreview({ paths });
    expect(JSON.stringify(paths).length).toBeGreaterThan(600);
    expect(preview.text).toContain('"/home/victim/.ssh/id_ed25519"');
    for (const entry of paths) expect(preview.text).toContain(JSON.stringify(entry));
    expect(preview.complete).toBe(true);
    // Long strings inside entries are cut each on its own, so every entry keeps both its ends.
    const edits = [
      { oldText: "a harmless line\n".repeat(30), newText: "a harmless line, reworded\n".repeat(30) },
      { oldText: "PermitRootLogin no", newText: "PermitRootLogin yes" },
      { oldText: "b".repeat(400), newText: "c".repeat(400) },
    ];
    const cut = argumentsPreview({ path: "/etc/ssh/sshd_config", edits });
    expect(cut.text).toContain('{"oldText":"PermitRootLogin no","newText":"PermitRootLogin yes"}');
    expect(cut.text.match(/characters not shown/g)).toHaveLength(4);
    expect(cut.complete).toBe(false);
  });

  it("what a preview leaves out (entries past 40, keys past 40, nesting past 6) is counted in its place", () => {
    const many = argumentsPreview({ paths: Array.from({ length: 100 }, (_, i) => `file-${i}.txt`) });
    expect(many.text).toContain('"file-39.txt",…(60 more entries not shown)]');
    expect(many.text).not.toContain("file-40.txt");
    expect(many.complete).toBe(false);
    const keys = argumentsPreview(Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`key${i}`, i])));
    expect(keys.text).toContain('"key39":39,…(5 more keys not shown)}');
    const deep = argumentsPreview({ a: { b: { c: { d: { e: { f: { g: ["/etc/shadow"] } } } } } }, pad: "x".repeat(300) });
    expect(deep.text).toContain('"f":{…(1 keys not shown)}');
    expect(deep.complete).toBe(false);
  });

  it("a question that leaves arguments out offers v, which prints them all and asks again", async () => {
    const shown: string[] = [];
    const replies = ["v", "yes"];
    const approve = askOnTerminal(async (question) => (shown.push(question), replies.shift()!));
    const args = { paths: Array.from({ length: 60 }, (_, i) => (i === 50 ? "/home/victim/.ssh/id_ed25519" : `file-${i}.txt`)) };
    expect(await approve({ server: "fs", tool: "read", args })).toBe(true);
    expect(shown).toHaveLength(2);
    expect(shown[0]).not.toContain("id_ed25519");
    expect(shown[0]).toMatch(/^codemode: fs\.read is to be called with \{"paths":\["file-0\.txt",[^\n]*…\(20 more entries not shown\)\]\} \(\d+ characters in all\)\ncodemode: allow fs\.read\? \[y\/N, or v to see every argument\] $/);
    const listing = ["{", '  "paths": [', ...args.paths.map((path, i) => `    ${JSON.stringify(path)}${i < 59 ? "," : ""}`), "  ]", "}"];
    expect(shown[1]).toBe(`codemode: the arguments of fs.read, whole:\n${listing.map((line) => `  │ ${line}`).join("\n")}\ncodemode: allow fs.read with the arguments above? [y/N, or v to see them again] `);
    expect(shown[1]).toContain('"/home/victim/.ssh/id_ed25519"');
    // A question that shows everything takes no v: it is a refusal there, as any other answer.
    const whole = askOnTerminal(async () => "v");
    expect(await whole({ server: "fs", tool: "read", args: { path: "a.txt" } })).toBe(false);
  });

  it("a server's tool name is escaped in the question too (outside attack: a name holding ESC[8m)", async () => {
    const shown: string[] = [];
    const approve = askOnTerminal(async (question) => (shown.push(question), "n"));
    await approve({ server: "evil", tool: "rm\u001b[8m_hidden\u001b[0m\u202e", args: {} });
    expect(shown[0]).not.toMatch(/[\u001b\u202e]/);
    // Nor can a name start a line of its own.
    await approve({ server: "evil", tool: "x\ncodemode: allow fs.read\t", args: {} });
    expect(shown[1]).toBe("codemode: allow evil.x\\ncodemode: allow fs.read\\t({})? [y/N] ");
  });

  it("every character drawn as nothing is escaped, astral ones too (outside attack: lookalike keys)", () => {
    const hidden = ["\u2028", "\u2029", "\u00ad", "\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u180e", "\u206a", "\u206f", "\ufe0f", "\u{e0041}", "\u{e0020}", "\ufff9", "\u2800", "\u17b4", "\u{1d173}"];
    for (const c of hidden) {
      expect(printable(`a${c}b`)).toBe(`a\\u{${c.codePointAt(0)!.toString(16)}}b`);
      // In JSON, as two escapes for an astral one: the same string when parsed back.
      expect(JSON.parse(printableJson(JSON.stringify(`a${c}b`)))).toBe(`a${c}b`);
      expect(printableJson(JSON.stringify(`a${c}b`))).toMatch(/^"a(\\u[0-9a-f]{4})+b"$/);
    }
    expect(printable("café, naïve, 東京, ❤")).toBe("café, naïve, 東京, ❤");
  });

  it("a preview stays under 1,200 characters however many long values it has, showing less of each", () => {
    const args = { path: "/etc/ssh/sshd_config", edits: Array.from({ length: 40 }, (_, i) => ({ oldText: `${"old ".repeat(48)}${i}`, newText: `${"new ".repeat(48)}${i}` })) };
    const preview = argumentsPreview(args);
    expect(preview.text.length).toBeLessThanOrEqual(1200 + " (NNNNN characters in all)".length);
    expect(preview.text).toMatch(/^\{"path":"\/etc\/ssh\/sshd_config","edits":\[\{"oldText":"old old/);
    expect(preview.complete).toBe(false);
    // However deep and wide: every top-level key and the kind of its value, at least.
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${"e".repeat(100)}${i}`, Array.from({ length: 50 }, () => ({ deep: { deeper: "x".repeat(500) } }))]));
    expect(argumentsPreview(wide).text.length).toBeLessThanOrEqual(1200 + " (NNNNNNN characters in all)".length);
  });

  it("a question of wide characters wider than a terminal goes on lines of its own, measured in columns", async () => {
    const shown: string[] = [];
    const approve = askOnTerminal(async (question) => (shown.push(question), "n"));
    await approve({ server: "fs", tool: "write", args: { path: "東京".repeat(15) } });
    // 58 code units, 88 columns.
    expect(shown[0]).toBe(`codemode: fs.write is to be called with {"path":"${"東京".repeat(15)}"}\ncodemode: allow fs.write? [y/N] `);
  });

  it("the schema orders keys through $ref and allOf, and marks only where it names the keys", () => {
    const schema = {
      type: "object",
      $defs: { Edit: { type: "object", properties: { oldText: { type: "string" }, newText: { type: "string" } } } },
      allOf: [{ properties: { path: { type: "string" } } }, { properties: { edits: { type: "array", items: { $ref: "#/$defs/Edit" } } } }],
      properties: { meta: { type: "object", additionalProperties: { type: "string" } } },
    };
    const args = { edits: [{ note: "x", newText: "b", oldText: "a" }], meta: { anything: "goes" }, path: "p" };
    expect(argumentsPreview(args, schema).text).toBe('{"meta":{"anything":"goes"},"path":"p","edits":[{"oldText":"a","newText":"b","note"(undeclared):"x"}]}');
    // A schema that declares nothing orders nothing and marks nothing.
    expect(argumentsPreview(args, { type: "object" }).text).toBe(JSON.stringify(args));
    // A $ref to itself is followed a few times, not for ever.
    expect(argumentsPreview({ a: 1 }, { $ref: "#", properties: { a: {} } }).text).toBe('{"a":1}');
  });

  it("text that reorders or hides itself is escaped: bidi overrides and isolates, zero-width characters", () => {
    expect(printable("report\u202Etxt.exe")).toBe("report\\u{202e}txt.exe");
    expect(printable("a\u200Bb\u2066c\u2069\uFEFF")).toBe("a\\u{200b}b\\u{2066}c\\u{2069}\\u{feff}");
    expect(printable("tab\tand newline\n kept, \u001b[2J escaped")).toBe("tab\tand newline\n kept, \\x1b[2J escaped");
  });
});
