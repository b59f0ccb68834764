import type { ApprovalHandler } from "../runtime/dispatcher.js";
import { argumentsPreview } from "../policy/arguments-preview.js";
import type { CliIo } from "./io.js";
import { printable } from "./printable.js";

/**
 * Approvals from the person at the terminal: y or yes runs the call, anything else refuses it.
 * One question at a time, each answered before the next is shown: with several on the screen,
 * the line typed goes to the oldest, while the person answers the one they see last.
 */
export function askOnTerminal(ask: NonNullable<CliIo["ask"]>): ApprovalHandler {
  let turn: Promise<unknown> = Promise.resolve();
  return ({ server, tool, args }) => {
    const answer = turn.then(() => ask(`codemode: allow ${printable(`${server}.${tool}(${argumentsPreview(args)})`)}? [y/N] `));
    turn = answer.catch(() => undefined);
    return answer.then((line) => /^y(es)?$/i.test(line.trim()));
  };
}
