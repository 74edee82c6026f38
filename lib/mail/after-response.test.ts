import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";

// As in a request: no session, and the after-response hook and the sending are the test's
// (the real sending would drain the outbox every test file shares).
const hooks = vi.hoisted(() => ({ scheduled: [] as (() => Promise<unknown>)[], afterThrows: false }));
vi.mock("next/server", () => ({
  after: (fn: () => Promise<unknown>) => {
    if (hooks.afterThrows) throw new Error("`after` was called outside a request scope");
    hooks.scheduled.push(fn);
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next-auth", () => ({ getServerSession: async () => null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
const deliverSoon = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock("./outbox", async (original) => ({ ...(await original<typeof import("./outbox")>()), deliverSoon }));

const { sendMailAfterResponse } = await import("./after-response");
const { runService } = await import("@/lib/service-action");

const SMTP = process.env.SMTP_URL;
beforeEach(() => {
  hooks.scheduled.length = 0;
  hooks.afterThrows = false;
  deliverSoon.mockClear();
});
afterEach(() => {
  if (SMTP === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = SMTP;
});

describe("mail after the response", () => {
  it("without an SMTP transport nothing is scheduled (the outbox keeps the mail)", () => {
    delete process.env.SMTP_URL;
    sendMailAfterResponse();
    expect(hooks.scheduled).toHaveLength(0);
  });

  it("with one, sending what is due is scheduled after the response", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    sendMailAfterResponse();
    expect(hooks.scheduled).toHaveLength(1);
    expect(deliverSoon).not.toHaveBeenCalled();
    await hooks.scheduled[0]();
    expect(deliverSoon).toHaveBeenCalledWith(expect.anything(), undefined);
  });

  it("never fails the caller when it cannot be scheduled", () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    hooks.afterThrows = true;
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => sendMailAfterResponse()).not.toThrow();
    log.mockRestore();
  });

  it("runService schedules it once the service has succeeded, and not when it failed", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    expect(await runService(async () => "done", {}, "/")).toEqual({ ok: true, data: "done" });
    expect(hooks.scheduled).toHaveLength(1);
    const refused = await runService(
      async () => {
        throw new AppError("FORBIDDEN", "forbidden");
      },
      {},
      "/",
    );
    expect(refused).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(hooks.scheduled).toHaveLength(1);
  });
});
