// `npm run test:e2e [playwright args]`: builds the app with `next build`, then runs the browser
// tests against that build (playwright.config.ts starts it with e2e/serve.mjs).
//
// E2E_PREBUILT=1 skips the build when the build folder (NEXT_DIST_DIR, default .next) holds a
// finished build: .ci/run builds in the background while the other suites run and sets it only
// when that build succeeded, so the browser tests still run against a build of this very tree.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const distDir = process.env.NEXT_DIST_DIR || ".next";
const prebuilt = process.env.E2E_PREBUILT === "1" && fs.existsSync(path.join(distDir, "BUILD_ID"));
const bin = (name) => path.join("node_modules", ".bin", name);

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (prebuilt) {
  console.log(`test:e2e: using the build in ${distDir} (E2E_PREBUILT=1)`);
} else {
  const status = run(bin("next"), ["build"]);
  if (status !== 0) process.exit(status);
}
process.exit(run(bin("playwright"), ["test", ...process.argv.slice(2)]));
