"use client";

import { useEffect } from "react";

/**
 * Asks the browser to warn before the page is left (closed, reloaded, an address typed)
 * while a form holds unsaved changes. Browsers show their own text, never ours.
 */
export function useUnsavedWarning(isDirty: boolean) {
  useEffect(() => {
    if (!isDirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium and Safari only warn when returnValue is set.
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [isDirty]);
}
