/** The kinds of a call's own documents, in the order its page lists them (pure: forms import it too). */
export const callDocumentKinds = ["call_text", "call_annex", "call_template"] as const;
export type CallDocumentKind = (typeof callDocumentKinds)[number];
