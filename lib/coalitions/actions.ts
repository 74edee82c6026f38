"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import * as service from "./service";

function act<T>(fn: (db: Awaited<ReturnType<typeof getDb>>, actor: Awaited<ReturnType<typeof getCurrentActor>>) => Promise<T>) {
  return runAction(async () => {
    const result = await fn(await getDb(), await getCurrentActor());
    revalidatePath("/coalitions", "layout");
    return result;
  });
}

export async function createCoalitionAction(input: unknown) {
  return act((db, actor) => service.createCoalition(db, actor, input));
}

export async function inviteOrganisationToCoalitionAction(input: unknown) {
  return act((db, actor) => service.inviteOrganisationToCoalition(db, actor, input));
}

export async function requestToJoinCoalitionAction(input: unknown) {
  return act((db, actor) => service.requestToJoinCoalition(db, actor, input));
}

export async function decideJoinRequestAction(input: unknown) {
  return act((db, actor) => service.decideJoinRequest(db, actor, input));
}

export async function respondToCoalitionInvitationAction(input: unknown) {
  return act((db, actor) => service.respondToCoalitionInvitation(db, actor, input));
}

export async function setCoalitionMemberAction(input: unknown) {
  return act((db, actor) => service.setCoalitionMember(db, actor, input));
}

export async function removeCoalitionMemberAction(input: unknown) {
  return act((db, actor) => service.removeCoalitionMember(db, actor, input));
}

export async function leaveCoalitionAction(input: unknown) {
  return act((db, actor) => service.leaveCoalition(db, actor, input));
}
