/**
 * Agent code whose type check is costly by design: `count` recursive types, each built up to
 * about 900 elements. A few take the checker a second or so; hundreds, far past any run's timeout.
 */
export function typeBomb(count: number): string {
  return (
    `type Inc<N extends unknown[]> = [...N, 0];\ntype Build<N extends unknown[], Acc, M extends number> = N["length"] extends M ? Acc : Build<Inc<N>, Acc | N["length"], M>;\n` +
    Array.from({ length: count }, (_, i) => `type T${i} = Build<[], never, ${900 + (i % 99)}>; const v${i}: T${i} = 3 as T${i};`).join("\n") +
    "\nreturn 1;"
  );
}
