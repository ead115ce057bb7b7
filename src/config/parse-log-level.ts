import { LOG_LEVELS, type LogLevel } from "./config.js";

/** Python logging names that users of huggingface/jobs-actions already have in their LOG_LEVEL. */
const PYTHON_LEVELS: Readonly<Record<string, LogLevel>> = {
  critical: "fatal",
  warning: "warn",
  notset: "trace",
};

/** A pino level from LOG_LEVEL, case-insensitive, accepting Python's names; null when unknown. */
export function parseLogLevel(text: string): LogLevel | null {
  const wanted = text.trim().toLowerCase();
  const direct = LOG_LEVELS.find((level) => level === wanted);
  return direct ?? PYTHON_LEVELS[wanted] ?? null;
}
