/** Called once when a Next.js server starts (never during `next build`). */
export async function register() {
  // The check needs Node's process; the edge build of this file leaves the branch out.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkServerStart } = await import("./lib/startup");
    checkServerStart();
  }
}
