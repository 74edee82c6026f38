"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { getCurrentActor } from "@/lib/auth/session";
import * as service from "./service";

export async function createOrganisationAction(input: unknown) {
  return runAction(async () => {
    const result = await service.createOrganisation(await getDb(), await getCurrentActor(), input);
    revalidatePath("/organisations");
    return result;
  });
}

export async function verifyOrganisationAction(input: unknown) {
  return runAction(async () => {
    await service.verifyOrganisation(await getDb(), await getCurrentActor(), input);
    revalidatePath("/admin/organisations");
  });
}

export async function rejectOrganisationAction(input: unknown) {
  return runAction(async () => {
    await service.rejectOrganisation(await getDb(), await getCurrentActor(), input);
    revalidatePath("/admin/organisations");
  });
}

export async function inviteMemberAction(input: unknown) {
  return runAction(async () => {
    const { token, expiresAt } = await service.inviteMember(await getDb(), await getCurrentActor(), input);
    revalidatePath("/organisations");
    return { path: `/invitations/${token}`, expiresAt: expiresAt.toISOString() };
  });
}

export async function acceptInvitationAction(input: unknown) {
  return runAction(async () => {
    const result = await service.acceptInvitation(await getDb(), await getCurrentActor(), input);
    revalidatePath("/organisations");
    return result;
  });
}

export async function changeMemberRoleAction(input: unknown) {
  return runAction(async () => {
    await service.changeMemberRole(await getDb(), await getCurrentActor(), input);
    revalidatePath("/organisations");
  });
}

export async function removeMemberAction(input: unknown) {
  return runAction(async () => {
    await service.removeMember(await getDb(), await getCurrentActor(), input);
    revalidatePath("/organisations");
  });
}

export async function setRepresentativeAction(input: unknown) {
  return runAction(async () => {
    await service.setRepresentative(await getDb(), await getCurrentActor(), input);
    revalidatePath("/organisations");
  });
}
