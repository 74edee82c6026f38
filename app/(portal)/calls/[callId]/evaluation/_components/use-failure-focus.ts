"use client";

import { useEffect, useRef, useState } from "react";

/** After each failed attempt, once the error summary is drawn, the keyboard goes to it. */
export function useFailureFocus() {
  const ref = useRef<HTMLDivElement>(null);
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures > 0) ref.current?.focus();
  }, [failures]);
  return { ref, failed: () => setFailures((n) => n + 1) };
}
