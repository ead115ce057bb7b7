import { splitCommandWords } from "./split-command-words.js";

/** OFFLOAD_LOCAL_RUNNER_COMMAND: a JSON array of strings, or words split like a shell would. */
export function parseRunnerCommand(text: string): string[] | null {
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      const ok = Array.isArray(parsed) && parsed.length > 0 && parsed.every((word) => typeof word === "string");
      return ok ? (parsed as string[]) : null;
    } catch {
      return null;
    }
  }
  const words = splitCommandWords(text);
  return words !== null && words.length > 0 ? words : null;
}
