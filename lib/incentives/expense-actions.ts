"use server";

import { runService } from "@/lib/service-action";
import * as expenses from "./expenses";

// Reports show on /grants/[id]/reports…, the grant page (/grants/[id]) and the funding desks.
const PAGES = "/";

export async function createReportAction(input: unknown) {
  return runService(expenses.createReport, input, PAGES);
}

/** FormData from the line form: reportId, budgetLineId, supplier, invoiceNumber, invoiceDate, amount, file. */
export async function addExpenseLineAction(input: FormData) {
  return runService(expenses.addExpenseLine, input, PAGES);
}

export async function removeExpenseLineAction(input: unknown) {
  return runService(expenses.removeExpenseLine, input, PAGES);
}

export async function submitReportAction(input: unknown) {
  return runService(expenses.submitReport, input, PAGES);
}

export async function reviewLineAction(input: unknown) {
  return runService(expenses.reviewLine, input, PAGES);
}

export async function completeReviewAction(input: unknown) {
  return runService(expenses.completeReview, input, PAGES);
}
