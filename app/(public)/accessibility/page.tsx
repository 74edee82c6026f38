import { ContentPageView, contentPageMetadata } from "@/components/content-page";

export const generateMetadata = () => contentPageMetadata("accessibility");

/** Text in content/{it,en}/accessibility.md. */
export default function AccessibilityPage() {
  return <ContentPageView name="accessibility" />;
}
