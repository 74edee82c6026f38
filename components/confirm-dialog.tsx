"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from "react";
import "./confirm-dialog.css";

type DialogProps = {
  open: boolean;
  title: string;
  /** What cannot be undone, said plainly. */
  message: ReactNode;
  confirmLabel: string;
  /** Danger for what destroys or refuses; primary for what publishes. */
  tone?: "primary" | "danger";
  onConfirm: () => void;
  onCancel: () => void;
  /** Where the keyboard goes back to when the dialog closes. */
  returnFocusTo?: RefObject<HTMLElement | null>;
};

/**
 * The one confirmation for irreversible actions: a native modal <dialog>, so the browser
 * keeps focus inside it, makes the rest of the page inert and closes it on Escape (cancel).
 * Focus starts on Cancel, the safe choice, and goes back to the trigger on close.
 */
export function ConfirmDialog({ open, title, message, confirmLabel, tone = "primary", onConfirm, onCancel, returnFocusTo }: DialogProps) {
  const t = useTranslations("confirm");
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      returnFocusTo?.current?.focus();
    }
  }, [open, returnFocusTo]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        // Escape: let React own the state, so the dialog and `open` never disagree.
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`} className="h4 mb-3">
        {title}
      </h2>
      <div id={`${id}-message`} className="mb-4">
        {message}
      </div>
      <div className="d-flex gap-3 flex-wrap justify-content-end">
        <button ref={cancelRef} type="button" className="btn btn-outline-secondary" onClick={onCancel}>
          {t("cancel")}
        </button>
        <button type="button" className={`btn ${tone === "danger" ? "btn-danger" : "btn-primary"}`} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

type ButtonProps = Omit<DialogProps, "open" | "onCancel" | "returnFocusTo" | "onConfirm"> & {
  /** The trigger's visible text. */
  children: ReactNode;
  className: string;
  disabled?: boolean;
  ariaLabel?: string;
  onConfirm: () => void;
};

/** A button that asks first: the action runs only after the dialog is confirmed. */
export function ConfirmButton({ children, className, disabled, ariaLabel, onConfirm, ...dialog }: ButtonProps) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={trigger} type="button" className={className} disabled={disabled} aria-label={ariaLabel} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {children}
      </button>
      <ConfirmDialog
        {...dialog}
        open={open}
        returnFocusTo={trigger}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          onConfirm();
        }}
      />
    </>
  );
}

/** A success message announced politely by screen readers (errors use role="alert"). */
export function SuccessMessage({ children, testId = "success-message" }: { children: ReactNode; testId?: string }) {
  return (
    <div className="alert alert-success" role="status" data-testid={testId}>
      {children}
    </div>
  );
}
