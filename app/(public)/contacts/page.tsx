import { ContentPageView, contentPageMetadata } from "@/components/content-page";

export const generateMetadata = () => contentPageMetadata("contacts");

/** Text in content/{it,en}/contacts.md. */
export default function ContactsPage() {
  return <ContentPageView name="contacts" />;
}
