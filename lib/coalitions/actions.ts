"use server";

import { runService } from "@/lib/service-action";
import { refFrom, refreshDashboard } from "@/lib/dashboard/cache";
import * as service from "./service";

export async function createCoalitionAction(input: unknown) {
  return runService(service.createCoalition, input, "/coalitions");
}

export async function inviteOrganisationToCoalitionAction(input: unknown) {
  return runService(service.inviteOrganisationToCoalition, input, "/coalitions");
}

export async function requestToJoinCoalitionAction(input: unknown) {
  return runService(service.requestToJoinCoalition, input, "/coalitions");
}

export async function decideJoinRequestAction(input: unknown) {
  return refreshDashboard(await runService(service.decideJoinRequest, input, "/coalitions"), refFrom(input, "requestId"));
}

export async function respondToCoalitionInvitationAction(input: unknown) {
  return refreshDashboard(await runService(service.respondToCoalitionInvitation, input, "/coalitions"), refFrom(input, "requestId"));
}

export async function setCoalitionMemberAction(input: unknown) {
  return refreshDashboard(await runService(service.setCoalitionMember, input, "/coalitions"), refFrom(input, "coalitionId"));
}

export async function removeCoalitionMemberAction(input: unknown) {
  return refreshDashboard(await runService(service.removeCoalitionMember, input, "/coalitions"), refFrom(input, "coalitionId"));
}

export async function leaveCoalitionAction(input: unknown) {
  return refreshDashboard(await runService(service.leaveCoalition, input, "/coalitions"), refFrom(input, "coalitionId"));
}
