/** prettier's options for generated files, fixed here (not read from the user's project) so output is the same on every machine. */
export const FORMAT_OPTIONS = { printWidth: 120, endOfLine: "lf", trailingComma: "all", quoteProps: "as-needed" } as const;
