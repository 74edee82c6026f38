import { headers } from "next/headers";
import { clientAddress, clientAddressConfig } from "./client-address";

/** The trusted address of the client of the request being handled (server actions, route handlers). */
export async function requestClientAddress(): Promise<string | null> {
  return clientAddress(await headers(), clientAddressConfig());
}
