"use server";

import { runService } from "@/lib/service-action";
import * as service from "./service";

// Meetings show on the coalition's public pages (/coalitions/[slug]/meetings…) and the desk.
const PAGES = "/";

export async function conveneMeetingAction(input: unknown) {
  return runService(service.conveneMeeting, input, PAGES);
}

export async function cancelMeetingAction(input: unknown) {
  return runService(service.cancelMeeting, input, PAGES);
}

export async function answerAttendanceAction(input: unknown) {
  return runService(service.answerAttendance, input, PAGES);
}

export async function recordAttendanceAction(input: unknown) {
  return runService(service.recordAttendance, input, PAGES);
}

export async function saveMinutesAction(input: unknown) {
  return runService(service.saveMinutes, input, PAGES);
}

export async function circulateMinutesAction(input: unknown) {
  return runService(service.circulateMinutes, input, PAGES);
}

export async function commentMinutesAction(input: unknown) {
  return runService(service.commentMinutes, input, PAGES);
}

export async function answerCommentAction(input: unknown) {
  return runService(service.answerComment, input, PAGES);
}

export async function approveMinutesAction(input: unknown) {
  return runService(service.approveMinutes, input, PAGES);
}
