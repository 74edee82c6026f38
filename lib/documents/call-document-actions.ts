"use server";

import { runService } from "@/lib/service-action";
import { addCallDocument, deleteCallDocument, replaceCallDocument } from "./call-documents";

// Call pages live under /coalitions/<slug>/calls/…: the layout revalidation reaches them.

/** FormData from the call's documents panel: callId, kind, title, reason (published calls), file. */
export async function addCallDocumentAction(input: FormData) {
  return runService(addCallDocument, input, "/coalitions");
}

/** FormData: documentId, title (optional), reason (published calls), file. */
export async function replaceCallDocumentAction(input: FormData) {
  return runService(replaceCallDocument, input, "/coalitions");
}

export async function deleteCallDocumentAction(input: unknown) {
  return runService(deleteCallDocument, input, "/coalitions");
}
