import { describe, expect, it } from "vitest";
import { checkServerEnv, MISSING_AUTH_SECRET, NO_TRUSTED_CLIENT_ADDRESS } from "./env";

describe("checkServerEnv", () => {
  it("refuses a production server without AUTH_SECRET, with a message that says what to set", () => {
    const { errors } = checkServerEnv({ NODE_ENV: "production" });
    expect(errors).toEqual([MISSING_AUTH_SECRET]);
    expect(errors[0]).toMatch(/AUTH_SECRET is not set/);
    expect(errors[0]).toMatch(/openssl rand/);
    expect(checkServerEnv({ NODE_ENV: "production", AUTH_SECRET: "" }).errors).toEqual([MISSING_AUTH_SECRET]);
  });

  it("accepts AUTH_SECRET or NEXTAUTH_SECRET, and asks nothing outside production", () => {
    expect(checkServerEnv({ NODE_ENV: "production", AUTH_SECRET: "a".repeat(32), VERCEL: "1" })).toEqual({ errors: [], warnings: [] });
    expect(checkServerEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "a".repeat(32), VERCEL: "1" }).errors).toEqual([]);
    expect(checkServerEnv({ NODE_ENV: "development" })).toEqual({ errors: [], warnings: [] });
  });

  it("warns when the client's address cannot be trusted from anywhere", () => {
    const secret = { NODE_ENV: "production", AUTH_SECRET: "a".repeat(32) };
    expect(checkServerEnv(secret).warnings).toEqual([NO_TRUSTED_CLIENT_ADDRESS]);
    expect(checkServerEnv({ ...secret, TAVOLO_PEER_SECRET: "x" }).warnings).toEqual([]);
    expect(checkServerEnv({ ...secret, TRUSTED_PROXY_HOPS: "1" }).warnings).toEqual([]);
    expect(checkServerEnv({ ...secret, TRUSTED_PROXY_HOPS: "0" }).warnings).toEqual([NO_TRUSTED_CLIENT_ADDRESS]);
  });
});
