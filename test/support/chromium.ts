// Headless Chromium — the Debian package, driven by playwright-core — for the console's
// end-to-end tests (test/console) and `npm run screenshots`: one set of launch options.
import { chromium, type Browser } from 'playwright-core';

// As root Chromium needs --no-sandbox; the network flags stop it from dialling out (this
// machine refuses such connections, which would show up as errors).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `.ci/run` installs the package when it is missing; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}
