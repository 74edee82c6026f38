import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentActor } from "@/lib/auth/session";
import { listProposalAttachments } from "@/lib/documents/attachment-queries";
import { AttachmentsList } from "./attachments-list";

/**
 * The required attachments of a proposal on its workspace: status of each, upload, replace
 * and remove for whoever provides it, frozen after submission or closing. Loads its own data,
 * so the page adds it with one line; renders nothing when the call requires no attachment.
 */
export async function AttachmentsPanel({ proposalId }: { proposalId: string }) {
  const actor = await getCurrentActor();
  if (!actor) return null;
  const view = await listProposalAttachments(await getDb(), actor, proposalId);
  if (!view || view.requirements.length === 0) return null;
  return <AttachmentsList proposalId={proposalId} editable={view.editable} requirements={view.requirements} locale={await getLocale()} />;
}
