"use client";

import { useEffect, useRef, useState } from "react";

/**
 * After a failed attempt, once the error summary is drawn, the keyboard goes to it. The form's
 * errors may arrive a render after the failure (react-hook-form publishes them on its own
 * schedule), so the focus waits until the summary has `count` items.
 */
export function useFailureFocus(count: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [pending, setPending] = useState(false);
  useEffect(() => {
    if (!pending || count === 0 || !ref.current) return;
    ref.current.focus();
    setPending(false);
  }, [pending, count]);
  return { ref, failed: () => setPending(true) };
}
