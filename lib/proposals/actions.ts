"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import * as service from "./service";

type Service<T> = (db: Awaited<ReturnType<typeof getDb>>, actor: Awaited<ReturnType<typeof getCurrentActor>>, input: unknown) => Promise<T>;

function act<T>(fn: Service<T>, input: unknown) {
  return runAction(async () => {
    const result = await fn(await getDb(), await getCurrentActor(), input);
    revalidatePath("/proposals", "layout");
    return result;
  });
}

export async function createProposalAction(input: unknown) {
  return act(service.createProposal, input);
}

export async function updateProposalAction(input: unknown) {
  return act(service.updateProposal, input);
}

export async function saveBudgetPartAction(input: unknown) {
  return act(service.saveBudgetPart, input);
}

export async function submitProposalAction(input: unknown) {
  return act(service.submitProposal, input);
}

export async function withdrawProposalAction(input: unknown) {
  return act(service.withdrawProposal, input);
}
