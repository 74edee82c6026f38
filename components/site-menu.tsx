"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";

type Props = { label: string; openLabel: string; closeLabel: string; children: ReactNode; shortcut?: ReactNode };

/**
 * The header's navigation with a toggle on narrow screens. bootstrap-italia's own collapse
 * needs its JavaScript bundle; this small toggle does the same with aria-expanded, closes on
 * Escape (focus back on the toggle) and after each navigation. Above lg the CSS shows the bar
 * and hides the toggle, so the state only matters on a phone.
 */
/** `shortcut` shows beside the toggle on a phone only (the desk and its count stay in sight while the menu is closed). */
export function SiteMenu({ label, openLabel, closeLabel, children, shortcut }: Props) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  // A link was followed: the menu closes (state reset during render, as React recommends).
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <nav className="navbar navbar-expand-lg site-nav" aria-label={label}>
      <button
        ref={toggle}
        type="button"
        className="site-menu-toggle"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpen((o) => !o)}
        data-testid="menu-toggle"
      >
        <span aria-hidden="true">{open ? "✕" : "☰"}</span>
        {open ? closeLabel : openLabel}
      </button>
      {shortcut}
      <div id="site-menu" className="site-menu w-100" data-open={open ? "true" : "false"}>
        {children}
      </div>
    </nav>
  );
}
