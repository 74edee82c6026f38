import { detectFileType, sanitiseFileName, type DetectedFile, type FileKind } from "./file-type";

/** One upload: 4 MB, Vercel's request body limit. Forms say so beforehand. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

export type AcceptedUpload = { bytes: Uint8Array; fileName: string; detected: DetectedFile };
export type UploadError = "missing" | "tooLarge" | "empty" | "refusedType" | "typeNotAllowed" | "signatureRequired";
export type UploadResult = { ok: true; upload: AcceptedUpload } | { ok: false; error: UploadError };

/** Message keys (namespace "errors") for each refusal, for actions that throw AppError. */
export const uploadErrorKeys: Record<UploadError, string> = {
  missing: "uploadMissing",
  tooLarge: "uploadTooLarge",
  empty: "uploadEmpty",
  refusedType: "uploadRefusedType",
  typeNotAllowed: "uploadTypeNotAllowed",
  signatureRequired: "uploadSignatureRequired",
};

/** A kind is allowed when listed; a PDF/A is a PDF, so "pdf" admits it too. An empty list admits every accepted kind. */
export function kindAllowed(kind: FileKind, allowed?: readonly string[]): boolean {
  if (!allowed || allowed.length === 0) return true;
  return allowed.includes(kind) || (kind === "pdfa" && allowed.includes("pdf"));
}

function isBlobLike(file: unknown): file is Blob & { name?: string } {
  return typeof Blob !== "undefined" && file instanceof Blob;
}

/**
 * Reads a File from a server action's FormData and decides, from its bytes, whether it
 * is accepted: present, not empty, at most MAX_UPLOAD_BYTES, a kind Tavolo keeps, one of
 * `allowed` (when given), and signed (CAdES or PAdES) when `signatureRequired`.
 * The name is sanitised and given the detected extension.
 */
export async function readUpload(file: unknown, allowed?: FileKind[] | readonly string[], signatureRequired = false): Promise<UploadResult> {
  if (!isBlobLike(file)) return { ok: false, error: "missing" };
  const name = typeof file.name === "string" ? file.name : "";
  // A form with no file chosen sends an empty part with no name.
  if (file.size === 0 && name === "") return { ok: false, error: "missing" };
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, error: "tooLarge" };
  if (file.size === 0) return { ok: false, error: "empty" };
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The declared size is the client's word; the bytes read are what counts.
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, error: "tooLarge" };
  if (bytes.length === 0) return { ok: false, error: "empty" };
  const detected = detectFileType(bytes);
  if (!detected) return { ok: false, error: "refusedType" };
  if (!kindAllowed(detected.kind, allowed)) return { ok: false, error: "typeNotAllowed" };
  if (signatureRequired && !detected.signed) return { ok: false, error: "signatureRequired" };
  return { ok: true, upload: { bytes, fileName: sanitiseFileName(name, detected.extension), detected } };
}
