"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/action";

type Flash = { say: (message: string) => void };

const FlashContext = createContext<Flash>({ say: () => {} });

/**
 * The report page's one success message (role=status), above the forms: a control that
 * disappears on success (a removed line, a submitted report) still gets its word said.
 */
export function ReportFlash({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState("");
  return (
    <FlashContext.Provider value={{ say: setMessage }}>
      <div role="status" className={message ? "alert alert-success" : "visually-hidden"} data-testid="report-flash">
        {message}
      </div>
      {children}
    </FlashContext.Provider>
  );
}

export type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/** Runs an action; on success says `done` in the page's status region and refreshes; keeps the failure whole (key, fields and values). */
export function useReportAction() {
  const { say } = useContext(FlashContext);
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure>();
  const run = (fn: () => Promise<ActionResult<unknown>>, done: string, onSuccess?: () => void) =>
    startTransition(async () => {
      setFailure(undefined);
      say("");
      const result = await fn();
      if (!result.ok) {
        setFailure(result);
        return;
      }
      say(done);
      onSuccess?.();
      router.refresh();
    });
  return { run, pending, failure };
}
