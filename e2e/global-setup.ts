import fs from "node:fs";

export default function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}. Install Debian's chromium package or set CHROMIUM_PATH.`);
  }
}
