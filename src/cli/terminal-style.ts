/** How the ops commands decorate output: colour and a spinner on a terminal, plain text in a pipe. */
export interface TerminalStyle {
  readonly colour: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  /** Shows `label` with a spinner until `stop` (only on a terminal; otherwise nothing). */
  spinner(label: string): { stop(): void };
}

const SPIN = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Colour only when `out` is a terminal and NO_COLOR (https://no-color.org) is unset or empty;
 * the spinner only on a terminal, drawn on stderr so stdout stays clean for pipes.
 */
export function createTerminalStyle(out: NodeJS.WriteStream, err: NodeJS.WriteStream, env: Record<string, string | undefined>): TerminalStyle {
  const colour = out.isTTY === true && (env["NO_COLOR"] ?? "") === "" && env["TERM"] !== "dumb";
  const paint = (code: number) => (text: string): string => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    colour,
    green: paint(32),
    red: paint(31),
    yellow: paint(33),
    dim: paint(2),
    bold: paint(1),
    spinner(label) {
      if (err.isTTY !== true || out.isTTY !== true) return { stop: () => undefined };
      let frame = 0;
      const draw = (): void => {
        err.write(`\r${SPIN[frame % SPIN.length]} ${label}`);
        frame += 1;
      };
      draw();
      const timer = setInterval(draw, 80);
      return {
        stop: () => {
          clearInterval(timer);
          err.write("\r\u001b[2K");
        },
      };
    },
  };
}
