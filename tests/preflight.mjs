// Browser tests need Debian's Chromium: fail at once with the install command, never skip silently.
import { existsSync } from 'node:fs';
const chromium = process.env.BELTSCOPE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Browser tests need Chromium at ${chromium}, and it is missing.\n` +
    'Install it (as root):  apt-get update && apt-get install -y chromium fonts-noto-cjk');
  process.exit(1);
}
