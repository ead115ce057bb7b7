import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../config/config.js";

/**
 * The one pino root. Secrets are `Secret` values that print `[redacted]`; the redact list is a
 * second line of defence for fields that might carry a credential by another route.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "offload" },
      redact: {
        paths: [
          "token",
          "*.token",
          "jitConfig",
          "*.jitConfig",
          "privateKey",
          "*.privateKey",
          "secrets",
          "*.secrets",
          'headers.authorization',
          'req.headers.authorization',
          'req.headers["x-hub-signature-256"]',
          'req.headers["x-hub-signature"]',
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
