import { describe, expect, it } from "vitest";
import { attachmentsEditable, attachmentSlots, canUploadSlot } from "./attachment-policy";

const partners = [
  { organisationId: "lead", status: "accepted", isLead: true },
  { organisationId: "firm", status: "accepted", isLead: false },
  { organisationId: "uni", status: "accepted", isLead: false },
  { organisationId: "invited", status: "invited", isLead: false },
  { organisationId: "declined", status: "declined", isLead: false },
];

describe("attachmentSlots", () => {
  it("asks a proposal-scope file once (kept under the lead) and a partner-scope file of each accepted partner but the lead", () => {
    expect(attachmentSlots([{ id: "annex", scope: "proposal" }, { id: "letter", scope: "partner" }], partners)).toEqual([
      { requirementId: "annex", organisationId: "lead" },
      { requirementId: "letter", organisationId: "firm" },
      { requirementId: "letter", organisationId: "uni" },
    ]);
  });

  it("asks nothing when the call requires nothing", () => {
    expect(attachmentSlots([], partners)).toEqual([]);
  });
});

describe("canUploadSlot", () => {
  const lead = { isLeadAdmin: true, partnerRepresentativeOf: [{ organisationId: "lead", status: "accepted", isLead: true }] };
  const firm = { isLeadAdmin: false, partnerRepresentativeOf: [{ organisationId: "firm", status: "accepted", isLead: false }] };
  const invited = { isLeadAdmin: false, partnerRepresentativeOf: [{ organisationId: "invited", status: "invited", isLead: false }] };

  it("the lead's admins answer proposal-scope requirements, nobody else", () => {
    expect(canUploadSlot(lead, "proposal", "lead")).toBe(true);
    expect(canUploadSlot(firm, "proposal", "lead")).toBe(false);
  });

  it("a partner uploads its own partner-scope file only; the lead never on its behalf; an invitation is not enough", () => {
    expect(canUploadSlot(firm, "partner", "firm")).toBe(true);
    expect(canUploadSlot(firm, "partner", "uni")).toBe(false);
    expect(canUploadSlot(lead, "partner", "firm")).toBe(false);
    expect(canUploadSlot(lead, "partner", "lead")).toBe(false);
    expect(canUploadSlot(invited, "partner", "invited")).toBe(false);
  });
});

describe("attachmentsEditable", () => {
  it("only a draft, while the call is open or about to open", () => {
    expect(attachmentsEditable("draft", "open")).toBe(true);
    expect(attachmentsEditable("draft", "scheduled")).toBe(true);
    expect(attachmentsEditable("draft", "review")).toBe(false);
    expect(attachmentsEditable("submitted", "open")).toBe(false);
    expect(attachmentsEditable("withdrawn", "open")).toBe(false);
  });
});
