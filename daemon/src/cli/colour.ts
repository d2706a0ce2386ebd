// Colour in the CLI's output: only on a terminal, never when NO_COLOR is set to anything
// (https://no-color.org) or --no-color is given, never for TERM=dumb. Everything that colours
// (error labels, the daemon's readable logs) asks here.

export interface ColourSources {
  isTTY: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** --no-color was given. */
  noColor: boolean;
}

export function wantsColour({ isTTY, env, noColor }: ColourSources): boolean {
  if (noColor) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return Boolean(isTTY);
}

export interface Paint {
  red(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const plain = (text: string) => text;

/** SGR colours when `enabled`, the text unchanged otherwise. */
export function paint(enabled: boolean): Paint {
  if (!enabled) return { red: plain, bold: plain, dim: plain };
  return {
    red: (text) => `\x1b[31m${text}\x1b[39m`,
    bold: (text) => `\x1b[1m${text}\x1b[22m`,
    dim: (text) => `\x1b[2m${text}\x1b[22m`,
  };
}
