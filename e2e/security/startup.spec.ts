import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

/**
 * Issue 8, item 11: a production server without AUTH_SECRET must refuse to start with
 * a clear message, instead of starting and answering 500 on every page.
 */
test("node server.mjs without AUTH_SECRET exits non-zero and says why", async () => {
  test.setTimeout(90_000);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  delete env.AUTH_SECRET;
  delete env.NEXTAUTH_SECRET;
  const port = String(Number(process.env.E2E_PORT ?? 3100) + 50);
  const child = spawn(process.execPath, ["server.mjs", "-p", port, "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 60_000);
    child.on("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  expect(code, output).toBe(1);
  expect(output).toContain("Tavolo refuses to start: AUTH_SECRET is not set");
  expect(output).not.toContain("Tavolo ready");
});
