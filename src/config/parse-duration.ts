const FACTORS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * Seconds in a JOB_TIMEOUT value: `<number>[s|m|h|d]` (floats allowed, `1.5h` is 5400) or plain
 * seconds, truncated to whole seconds as huggingface_hub does (`int(float(num) * factor)`).
 * Null when the text is not a duration or comes to less than one second.
 */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d*)?|\.\d+)\s*([smhd])?$/i.exec(text.trim());
  if (match === null) return null;
  const unit = (match[2] ?? "s").toLowerCase() as keyof typeof FACTORS;
  const seconds = Math.trunc(Number(match[1]) * FACTORS[unit]);
  return Number.isSafeInteger(seconds) && seconds >= 1 ? seconds : null;
}
