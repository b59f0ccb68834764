/**
 * `ask` made to run one call at a time, in the order they came: each starts once the one before
 * it settled, whether it answered or threw. For approvals: with several questions shown at once,
 * a person answers the one they see, not necessarily the one their answer goes to.
 */
export function oneAtATime<A, R>(ask: (request: A) => Promise<R>): (request: A) => Promise<R> {
  let turn: Promise<unknown> = Promise.resolve();
  return (request) => {
    const answer = turn.then(() => ask(request));
    turn = answer.catch(() => undefined);
    return answer;
  };
}
