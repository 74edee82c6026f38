"use server";

import { runService } from "@/lib/service-action";
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
  return runService(service.decideJoinRequest, input, "/coalitions");
}

export async function respondToCoalitionInvitationAction(input: unknown) {
  return runService(service.respondToCoalitionInvitation, input, "/coalitions");
}

export async function setCoalitionMemberAction(input: unknown) {
  return runService(service.setCoalitionMember, input, "/coalitions");
}

export async function removeCoalitionMemberAction(input: unknown) {
  return runService(service.removeCoalitionMember, input, "/coalitions");
}

export async function leaveCoalitionAction(input: unknown) {
  return runService(service.leaveCoalition, input, "/coalitions");
}
