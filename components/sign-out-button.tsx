"use client";

import { signOut } from "next-auth/react";

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn btn-outline-light btn-sm" onClick={() => signOut({ callbackUrl: "/" })}>
      {label}
    </button>
  );
}
