import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/markdown";
import { bpToPercentInput, callFormValues } from "./form-values";

const render = (markdown: string) => renderToStaticMarkup(createElement(Markdown, null, markdown));

describe("call descriptions in Markdown", () => {
  it("renders Markdown", () => {
    const html = render("# Obiettivi\n\nPiattaforme **condivise** per il [distretto](https://example.org).\n\n- ERP\n- logistica");
    expect(html).toContain(">Obiettivi</h3>");
    expect(html).toContain("<strong>condivise</strong>");
    expect(html).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">distretto</a>');
    expect(html).toContain("<li>ERP</li>");
  });

  it("never turns script or raw HTML into elements", () => {
    const html = render(
      'Prima\n\n<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\nTesto <b onclick="alert(2)">grassetto</b> e <iframe src="https://evil.example"></iframe>\n\n[clic](javascript:alert(3))',
    );
    expect(html).not.toMatch(/<script|<img|<iframe|<b[ >]|onerror|onclick/i);
    expect(html).not.toContain("javascript:");
    expect(html).toContain("Prima");
    expect(html).toContain("grassetto");
  });
});

describe("form values", () => {
  it("percentages from basis points", () => {
    expect(bpToPercentInput(3000)).toBe("30");
    expect(bpToPercentInput(3050)).toBe("30,5");
    expect(bpToPercentInput(3005)).toBe("30,05");
    expect(bpToPercentInput(0)).toBe("0");
  });

  it("a stored call back in the form: euro and Rome time", () => {
    const values = callFormValues({
      budgetCents: 120_000_050,
      maxRequestCents: 0,
      minCofinancingBp: 3000,
      quorumBp: 5000,
      minPartners: 3,
      maxPartners: 8,
      submissionOpensAt: new Date("2026-07-01T07:30:00Z"),
      submissionClosesAt: null,
      votingOpensAt: null,
      votingClosesAt: null,
    } as Parameters<typeof callFormValues>[0]);
    expect(values).toMatchObject({ budget: "1.200.000,50", maxRequest: "", minCofinancing: "30", quorum: "50", minPartners: "3" });
    expect(values.submissionOpensAt).toBe("2026-07-01T09:30");
    expect(values.submissionClosesAt).toBe("");
  });
});
