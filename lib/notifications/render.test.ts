import { describe, expect, it } from "vitest";
import { renderNotification } from "./render";

describe("notification texts", () => {
  it("write Italian dates with their article or preposition (l'8, all'11, il 1°)", () => {
    const eight = renderNotification("voting_closing", { call: "ERP", organisation: "Meccanica Dora", closesAt: "2026-12-08T17:00:00Z" }, "it");
    expect(eight.body).toContain("chiude l'8 dicembre 2026");
    const eleven = renderNotification("voting_opened", { call: "ERP", closesAt: "2026-12-11T17:00:00Z" }, "it");
    expect(eleven.body).toContain("fino all'11 dicembre 2026");
    const first = renderNotification("draft_deadline", { proposal: "P", call: "ERP", deadlineAt: "2026-12-01T17:00:00Z" }, "it");
    expect(first.body).toContain("chiude il 1° dicembre 2026");
    const english = renderNotification("voting_closing", { call: "ERP", organisation: "Meccanica Dora", closesAt: "2026-12-08T17:00:00Z" }, "en");
    expect(english.body).toContain("closes on 8 December 2026");
  });

  it("format amounts in the reader's way and keep unknown kinds readable", () => {
    expect(renderNotification("tranche_released", { tranche: "advance", amountCents: 123456, organisation: "O", proposal: "P" }, "it").title).toContain("1.234,56");
    expect(renderNotification("no_such_kind", {}, "it")).toEqual({ title: "no_such_kind", body: "" });
  });
});
