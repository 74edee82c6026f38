"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { SuccessMessage } from "@/components/confirm-dialog";
import { FormAlert } from "@/components/form/form-alert";
import { answerCommentAction, commentMinutesAction } from "@/lib/meetings/actions";
import { ANSWER_MAX, COMMENT_MAX } from "@/lib/meetings/schemas";
import { useMeetingAction } from "./use-action";

/** A representative of an invited organisation comments on circulated minutes. */
export function CommentForm({ meetingId, organisations }: { meetingId: string; organisations: { organisationId: string; legalName: string }[] }) {
  const t = useTranslations("meetings.comments");
  const [organisationId, setOrganisationId] = useState(organisations[0]?.organisationId ?? "");
  const [body, setBody] = useState("");
  const { run, pending, error, done } = useMeetingAction();
  return (
    <form
      noValidate
      aria-labelledby="comment-form-title"
      data-testid="minutes-comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => commentMinutesAction({ meetingId, organisationId, body }), () => setBody(""));
      }}
    >
      <h3 id="comment-form-title" className="h5">
        {t("formTitle")}
      </h3>
      <FormAlert errorKey={error} />
      {done && <SuccessMessage testId="minutes-comment-sent">{t("sent")}</SuccessMessage>}
      {organisations.length > 1 ? (
        <div className="select-wrapper mb-4">
          <label htmlFor="comment-organisation">{t("asOrganisation")}</label>
          <select id="comment-organisation" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
            {organisations.map((o) => (
              <option key={o.organisationId} value={o.organisationId}>
                {o.legalName}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="small">{t("asOrganisationOnly", { name: organisations[0]?.legalName ?? "" })}</p>
      )}
      <div className="form-group mb-3">
        <label htmlFor="comment-body" className="active">
          {t("body")}
        </label>
        <textarea id="comment-body" className="form-control" rows={4} maxLength={COMMENT_MAX} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby="comment-body-hint" />
        <small id="comment-body-hint" className="form-hint d-block">
          {t("bodyHint", { max: COMMENT_MAX })}
        </small>
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? t("sending") : t("send")}
      </button>
    </form>
  );
}

/** The promoter answers one comment (or corrects the answer) until approval. */
export function AnswerCommentForm({ commentId, organisationName, answer }: { commentId: string; organisationName: string; answer: string | null }) {
  const t = useTranslations("meetings.comments");
  const [text, setText] = useState(answer ?? "");
  const { run, pending, error, done } = useMeetingAction();
  const id = `answer-${commentId}`;
  return (
    <form
      noValidate
      className="mt-2"
      data-testid="minutes-answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => answerCommentAction({ commentId, answer: text }));
      }}
    >
      <FormAlert errorKey={error} />
      {done && <SuccessMessage testId="minutes-answer-saved">{t("answerSaved")}</SuccessMessage>}
      <div className="form-group mb-3">
        <label htmlFor={id} className="active">
          {t("answerLabel", { organisation: organisationName })}
        </label>
        <textarea id={id} className="form-control" rows={3} maxLength={ANSWER_MAX} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-outline-primary btn-sm" disabled={pending}>
        {t("answerSave")}
      </button>
    </form>
  );
}
