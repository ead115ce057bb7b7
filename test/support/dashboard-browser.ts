import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`); nothing is downloaded. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless Chromium that talks to nothing but the pages we open. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
