/**
 * At most so many runs at once in one runtime; the others wait their turn, first come first
 * served. Each run has a process of its own, so without a cap a flood of runs (any local process
 * can send them to `codemode serve --http`) starts as many processes as it asks for.
 */
export class RunGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`createRuntime: maxConcurrentRuns must be a positive integer, got ${String(limit)}`);
  }

  /**
   * Resolves, once the run may start, with the function that ends its turn (called once, when
   * it is over); or with undefined when `waitMs` passed first, and the run must not start.
   */
  enter(waitMs: number): Promise<(() => void) | undefined> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.turn());
    }
    return new Promise((resolve) => {
      const start = () => {
        clearTimeout(timer);
        resolve(this.turn());
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(start), 1);
        resolve(undefined);
      }, waitMs);
      this.waiting.push(start);
    });
  }

  /** Ends a turn: the first waiting run takes it over (`running` stays as it is), or it is freed. */
  private turn(): () => void {
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
