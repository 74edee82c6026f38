"use server";

import { runService } from "@/lib/service-action";
import * as service from "./service";

// The FAQ shows on the call's public page (/coalitions/…) and the promoter's page (/calls/…/questions).
const PAGES = "/";

export async function askQuestionAction(input: unknown) {
  return runService(service.askQuestion, input, PAGES);
}

export async function answerQuestionAction(input: unknown) {
  return runService(service.answerQuestion, input, PAGES);
}

export async function publishQuestionAction(input: unknown) {
  return runService(service.publishQuestion, input, PAGES);
}

export async function correctAnswerAction(input: unknown) {
  return runService(service.correctAnswer, input, PAGES);
}
