import { ContentPageView, contentPageMetadata } from "@/components/content-page";

export const generateMetadata = () => contentPageMetadata("legal-notes");

/** Text in content/{it,en}/legal-notes.md. */
export default function LegalNotesPage() {
  return <ContentPageView name="legal-notes" />;
}
