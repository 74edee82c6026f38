import { checkServerEnv } from "./env";

/**
 * Runs once as the Node server starts (instrumentation.ts), before any request is
 * served. A configuration that could only fail on every request stops the process
 * here, with the reason, instead.
 */
export function checkServerStart(): void {
  const { errors, warnings } = checkServerEnv(process.env);
  for (const warning of warnings) console.warn(`\n⚠ ${warning}\n`);
  if (errors.length === 0) return;
  for (const error of errors) console.error(`\n✖ ${error}\n`);
  process.exit(1);
}
