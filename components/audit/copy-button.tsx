"use client";

import { useState } from "react";

type Props = { value: string; label: string; copiedLabel: string; failedLabel: string };

/** Copies a value (a full hash) to the clipboard; the value stays selectable on the page without it. */
export function CopyButton({ value, label, copiedLabel, failedLabel }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard refused (no permission, not a secure context): the text is still there to select.
      setState("failed");
    }
  };
  return (
    <>
      <button type="button" className="btn btn-link btn-sm p-0 align-baseline" onClick={copy}>
        {label}
      </button>
      {/* aria-live rather than role="status": a page keeps its one status region for its own messages. */}
      <span aria-live="polite" className="ms-2">
        {state === "copied" ? copiedLabel : state === "failed" ? failedLabel : ""}
      </span>
    </>
  );
}
