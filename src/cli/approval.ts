import type { ApprovalHandler, ApprovalRequest } from "../runtime/dispatcher.js";
import { argumentsListing } from "../policy/arguments-listing.js";
import { argumentsPreview } from "../policy/arguments-preview.js";
import { displayWidth } from "../util/display-width.js";
import { oneAtATime } from "../util/one-at-a-time.js";
import { framed } from "./framed.js";
import type { CliIo } from "./io.js";
import { printable, printableLine } from "./printable.js";

/**
 * Approvals from the person at the terminal: y or yes runs the call, anything else refuses it.
 * When the question cannot show every argument whole, it says what it leaves out and offers v,
 * which prints them all and asks again: nothing a call carries is out of the person's reach.
 * One question at a time, each answered before the next is shown: with several on the screen,
 * the line typed goes to the oldest, while the person answers the one they see last.
 */
export function askOnTerminal(ask: NonNullable<CliIo["ask"]>): ApprovalHandler {
  return oneAtATime((request: ApprovalRequest) => askUntilAnswered(ask, request));
}

/**
 * A question on one line no wider than a terminal: past it, the line wraps, and text in the
 * arguments could begin the last line the person sees.
 */
const ONE_LINE_MAX = 80;

/**
 * Asks until answered y or n (v prints every argument first). The line the answer is typed on
 * names the call and holds nothing from the arguments: past {@link ONE_LINE_MAX}, they go on a
 * line of their own above it, after which comes a line break agent code cannot write, so text
 * that imitates a question stays above the real one.
 */
async function askUntilAnswered(ask: NonNullable<CliIo["ask"]>, { server, tool, args, inputSchema, signal }: ApprovalRequest): Promise<boolean> {
  // A run that ended while its question waited its turn asks nothing (see `ApprovalRequest.signal`).
  if (signal?.aborted) return false;
  const call = printableLine(`${server}.${tool}`);
  const preview = argumentsPreview(args, inputSchema);
  const choices = preview.complete ? "[y/N]" : "[y/N, or v to see every argument]";
  const oneLine = `codemode: allow ${call}(${printable(preview.text)})? ${choices} `;
  const question = preview.complete && displayWidth(oneLine) <= ONE_LINE_MAX ? oneLine : `codemode: ${call} is to be called with ${printable(preview.text)}\ncodemode: allow ${call}? ${choices} `;
  let line = await ask(question);
  while (!preview.complete && /^v(iew)?$/i.test(line.trim())) {
    line = await ask(`codemode: the arguments of ${call}, whole:\n${framed(argumentsListing(args, inputSchema))}\ncodemode: allow ${call} with the arguments above? [y/N, or v to see them again] `);
  }
  return /^y(es)?$/i.test(line.trim());
}
