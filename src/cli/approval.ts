import type { ApprovalHandler, ApprovalRequest } from "../runtime/dispatcher.js";
import { argumentsInFull, argumentsPreview } from "../policy/arguments-preview.js";
import type { CliIo } from "./io.js";
import { printable, printableJson } from "./printable.js";

/**
 * Approvals from the person at the terminal: y or yes runs the call, anything else refuses it.
 * When the question cannot show every argument whole, it says what it leaves out and offers v,
 * which prints them all and asks again: nothing a call carries is out of the person's reach.
 * One question at a time, each answered before the next is shown: with several on the screen,
 * the line typed goes to the oldest, while the person answers the one they see last.
 */
export function askOnTerminal(ask: NonNullable<CliIo["ask"]>): ApprovalHandler {
  let turn: Promise<unknown> = Promise.resolve();
  return (request) => {
    const answer = turn.then(() => askUntilAnswered(ask, request));
    turn = answer.catch(() => undefined);
    return answer;
  };
}

async function askUntilAnswered(ask: NonNullable<CliIo["ask"]>, { server, tool, args }: ApprovalRequest): Promise<boolean> {
  const call = `${server}.${tool}`;
  const preview = argumentsPreview(args);
  const question = `codemode: allow ${printable(`${call}(${preview.text})`)}? ${preview.complete ? "[y/N]" : "[y/N, or v to see every argument]"} `;
  let line = await ask(question);
  while (!preview.complete && /^v(iew)?$/i.test(line.trim())) {
    line = await ask(`codemode: the arguments of ${printable(call)}, whole:\n${printableJson(argumentsInFull(args))}\n${question}`);
  }
  return /^y(es)?$/i.test(line.trim());
}
