import { getTranslations } from "next-intl/server";

const tone = { pending: "bg-warning text-dark", verified: "bg-success", rejected: "bg-danger" } as const;

export async function StatusBadge({ status }: { status: keyof typeof tone }) {
  const t = await getTranslations("organisations.statuses");
  return (
    <span className={`badge ${tone[status]}`} data-testid="organisation-status">
      {t(status)}
    </span>
  );
}
