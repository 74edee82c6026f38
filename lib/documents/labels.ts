/** How a stored document's type and size read on a page: "PDF, 120 KB". Pure. */

const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "application/pkcs7-mime": "P7M",
  "application/vnd.oasis.opendocument.text": "ODT",
  "application/vnd.oasis.opendocument.spreadsheet": "ODS",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "text/csv; charset=utf-8": "CSV",
  "text/plain; charset=utf-8": "TXT",
};

export function mediaTypeLabel(mediaType: string): string {
  return TYPE_LABELS[mediaType] ?? mediaType.split(/[/;]/)[1]?.toUpperCase() ?? mediaType;
}

/** Sizes in decimal units as file managers show them: 950 B, 12 KB, 1.2 MB (with the locale's decimal mark). */
export function formatFileSize(bytes: number, locale: string): string {
  const number = (n: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  if (bytes < 1000) return `${number(bytes, 0)} B`;
  if (bytes < 1_000_000) return `${number(Math.round(bytes / 1000), 0)} KB`;
  return `${number(bytes / 1_000_000, 1)} MB`;
}

/** The accept attribute of a file input: every kind Tavolo keeps (the server decides from the content anyway). */
export const ACCEPT_ATTRIBUTE = ".pdf,.p7m,.odt,.ods,.docx,.xlsx,.png,.jpg,.jpeg,.csv,.txt";
