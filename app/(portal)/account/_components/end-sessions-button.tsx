"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/form/form-alert";
import { endOwnSessionsAction } from "@/lib/users/actions";

export function EndSessionsButton() {
  const t = useTranslations("auth");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const endAll = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await endOwnSessionsAction();
      if (!result.ok) {
        setError(result.error);
        return;
      }
      // The server no longer accepts this browser's token either; drop the cookie too.
      await signOut({ callbackUrl: "/sign-in" });
    });
  return (
    <>
      <FormAlert errorKey={error} />
      <button type="button" className="btn btn-outline-danger" disabled={pending} onClick={endAll}>
        {pending ? t("endingSessions") : t("endSessionsButton")}
      </button>
    </>
  );
}
