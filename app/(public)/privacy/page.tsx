import { ContentPageView, contentPageMetadata } from "@/components/content-page";

export const generateMetadata = () => contentPageMetadata("privacy");

/** Text in content/{it,en}/privacy.md. */
export default function PrivacyPage() {
  return <ContentPageView name="privacy" />;
}
