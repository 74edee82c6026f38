"use server";

import { getDb } from "@/db/client";
import { runAction } from "@/lib/action";
import { signUp } from "./service";

export async function signUpAction(input: unknown) {
  return runAction(async () => {
    await signUp(await getDb(), input);
  });
}
