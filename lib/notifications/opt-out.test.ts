import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSafeHref } from "./kinds";
import { OPT_OUT_TTL_MS, optOutToken, readOptOutToken } from "./opt-out";

const AT = new Date("2026-03-01T10:00:00Z");

/** The token's two parts, the payload decoded. */
function parts(token: string) {
  const [encoded, signature] = token.split(".");
  return { payload: Buffer.from(encoded, "base64url").toString("utf8"), signature };
}

const encode = (payload: string) => Buffer.from(payload).toString("base64url");

describe("opt-out tokens", () => {
  it("a token names its person and kind until it expires, 60 days after it was written", () => {
    const userId = randomUUID();
    const token = optOutToken(userId, "partner_invitation", AT);
    expect(readOptOutToken(token, AT)).toEqual({ userId, kind: "partner_invitation" });
    expect(readOptOutToken(token, new Date(AT.getTime() + OPT_OUT_TTL_MS - 1000))).toEqual({ userId, kind: "partner_invitation" });
    expect(readOptOutToken(token, new Date(AT.getTime() + OPT_OUT_TTL_MS + 1000))).toBeNull();
  });

  it("refuses a token whose person, kind or expiry was changed (the signature no longer fits)", () => {
    const userId = randomUUID();
    const token = optOutToken(userId, "call_opened", AT);
    const { payload, signature } = parts(token);
    const other = randomUUID();
    for (const forged of [
      payload.replace(userId, other),
      payload.replace("call_opened", "results_published"),
      payload.replace(/\.(\d+)$/, (_, n: string) => `.${Number(n) + 86_400 * 365}`),
    ]) {
      expect(readOptOutToken(`${encode(forged)}.${signature}`, AT)).toBeNull();
    }
  });

  it("a token for one kind is not a token for another", () => {
    const userId = randomUUID();
    const token = optOutToken(userId, "tranche_released", AT);
    expect(readOptOutToken(token, AT)?.kind).toBe("tranche_released");
    expect(readOptOutToken(optOutToken(userId, "admissibility_decided", AT), AT)?.kind).toBe("admissibility_decided");
    expect(token).not.toBe(optOutToken(userId, "admissibility_decided", AT));
  });

  it("refuses malformed tokens: empty, missing or extra parts, a bad signature, an unknown kind even when signed shapes are copied", () => {
    const userId = randomUUID();
    const token = optOutToken(userId, "vote_reminder", AT);
    const { signature } = parts(token);
    for (const bad of ["", "abc", `${token}.extra`, `${token.split(".")[0]}.`, `${token.split(".")[0]}.${"x".repeat(signature.length)}`, "a".repeat(400)]) {
      expect(readOptOutToken(bad, AT)).toBeNull();
    }
    expect(readOptOutToken(`${encode(`${userId}.not_a_kind.9999999999`)}.${signature}`, AT)).toBeNull();
    expect(readOptOutToken(undefined as unknown as string, AT)).toBeNull();
  });
});

describe("isSafeHref", () => {
  it("accepts site paths and refuses anything that could leave the site", () => {
    for (const ok of ["/desk", "/proposals/1/edit", "/calls/x/results?v=2#top", "/"]) expect(isSafeHref(ok), ok).toBe(true);
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil", "desk", "javascript:alert(1)", "/a b", "/a\nb", `/${"a".repeat(600)}`]) {
      expect(isSafeHref(bad), bad).toBe(false);
    }
  });
});
