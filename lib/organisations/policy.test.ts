import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INVITATION_TTL_MS, invitationState, leavesAnAdmin } from "./policy";

describe("leavesAnAdmin", () => {
  it("refuses to demote or remove the last admin", () => {
    expect(leavesAnAdmin({ adminCount: 1, currentRole: "admin", newRole: "member" })).toBe(false);
    expect(leavesAnAdmin({ adminCount: 1, currentRole: "admin", newRole: null })).toBe(false);
  });

  it("allows demoting or removing an admin when another remains", () => {
    expect(leavesAnAdmin({ adminCount: 2, currentRole: "admin", newRole: "member" })).toBe(true);
    expect(leavesAnAdmin({ adminCount: 2, currentRole: "admin", newRole: null })).toBe(true);
  });

  it("always allows changes to members and keeping an admin an admin", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.constantFrom("admin" as const, "member" as const, null), (adminCount, newRole) => {
        expect(leavesAnAdmin({ adminCount, currentRole: "member", newRole })).toBe(true);
        expect(leavesAnAdmin({ adminCount, currentRole: "admin", newRole: "admin" })).toBe(true);
      }),
    );
  });

  it("matches the rule 'admins after the change ≥ 1'", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom("admin" as const, "member" as const),
        fc.constantFrom("admin" as const, "member" as const, null),
        (adminCount, currentRole, newRole) => {
          const after = adminCount - (currentRole === "admin" ? 1 : 0) + (currentRole === "admin" && newRole === "admin" ? 1 : 0);
          expect(leavesAnAdmin({ adminCount, currentRole, newRole })).toBe(after >= 1 || currentRole !== "admin");
        },
      ),
    );
  });
});

describe("invitationState", () => {
  const sentAt = new Date("2026-03-01T10:00:00Z");
  const expiresAt = new Date(sentAt.getTime() + INVITATION_TTL_MS);
  const pending = { acceptedAt: null, revokedAt: null, expiresAt };

  it("lasts seven days", () => {
    expect(INVITATION_TTL_MS).toBe(7 * 24 * 60 * 60 * 1000);
  });

  it("is pending until it expires, and expired from the expiry instant on", () => {
    expect(invitationState(pending, sentAt)).toBe("pending");
    expect(invitationState(pending, new Date(expiresAt.getTime() - 1))).toBe("pending");
    expect(invitationState(pending, expiresAt)).toBe("expired");
    expect(invitationState(pending, new Date(expiresAt.getTime() + 1))).toBe("expired");
  });

  it("accepted wins over revoked and expired", () => {
    const inv = { acceptedAt: sentAt, revokedAt: sentAt, expiresAt };
    expect(invitationState(inv, new Date(expiresAt.getTime() + 1))).toBe("accepted");
  });

  it("revoked wins over expired", () => {
    const inv = { acceptedAt: null, revokedAt: sentAt, expiresAt };
    expect(invitationState(inv, new Date(expiresAt.getTime() + 1))).toBe("revoked");
  });
});
