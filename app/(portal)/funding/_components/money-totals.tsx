import { formatCents } from "@/lib/money";

type Totals = { requestedCents: number; grantedCents: number; paidCents: number };

/**
 * Requested / granted / paid as three boxes, for the firm's funding desk and the coalition's
 * funding view. Each figure carries its cents (`data-cents`) and a test id `<prefix>requested`, ….
 */
export function MoneyTotals({ totals, labels, locale, testIdPrefix }: { totals: Totals; labels: { requested: string; granted: string; paid: string }; locale: string; testIdPrefix: string }) {
  const rows = [
    ["requested", totals.requestedCents],
    ["granted", totals.grantedCents],
    ["paid", totals.paidCents],
  ] as const;
  return rows.map(([key, cents]) => (
    <div className="col-12 col-md-4" key={key}>
      <dl className="border rounded p-3 h-100 mb-0">
        <dt className="fw-normal">{labels[key]}</dt>
        <dd className="h4 mb-0" data-testid={`${testIdPrefix}${key}`} data-cents={cents}>
          {formatCents(cents, locale)}
        </dd>
      </dl>
    </div>
  ));
}
