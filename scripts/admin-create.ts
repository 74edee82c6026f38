/**
 * `npm run admin:create -- EMAIL [--name "Full Name"] [--password SECRET]`
 * Makes an existing person a platform admin, or creates one. The password of a new
 * account comes from --password, else ADMIN_PASSWORD, else is generated and printed once.
 * An existing person's password is never changed.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { emailSchema, signUpSchema } from "@/lib/users/schemas";
import { ensurePlatformAdmin } from "@/lib/users/service";

const usage = 'Usage: npm run admin:create -- EMAIL [--name "Full Name"] [--password SECRET]   (or ADMIN_PASSWORD=SECRET)';

class Failure extends Error {}

function fail(message: string): never {
  throw new Failure(message);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { password: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : error}\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return;
  }
  if (parsed.positionals.length !== 1) fail(`Give exactly one e-mail address.\n${usage}`);
  const emailCheck = emailSchema.safeParse(parsed.positionals[0]);
  if (!emailCheck.success) fail(`"${parsed.positionals[0]}" is not a valid e-mail address.`);
  const email = emailCheck.data.toLowerCase();
  const given = parsed.values.password ?? process.env.ADMIN_PASSWORD;

  try {
    await runMigrations();
    const db = await getDb();
    const [existing] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
    if (existing) {
      if (existing.isPlatformAdmin) {
        console.log(`${email} is already a platform admin. Nothing changed.`);
      } else {
        await ensurePlatformAdmin(db, { email });
        console.log(`${email} (${existing.name}) is now a platform admin.`);
      }
      if (given) console.log("Note: the password of an existing account is not changed.");
      return;
    }

    const password = given ?? randomBytes(15).toString("base64url");
    const check = signUpSchema.shape.password.safeParse(password);
    if (!check.success) fail("The password must be between 10 and 200 characters.");
    const name = parsed.values.name?.trim() || email;
    await ensurePlatformAdmin(db, { email, name, password });
    console.log(`Created platform admin ${email}.`);
    if (!given) console.log(`Generated password (shown only now, store it safely): ${password}`);
  } catch (error) {
    if (error instanceof AppError) {
      const fields = error.fieldErrors ? ` ${JSON.stringify(error.fieldErrors)}` : "";
      fail(`Could not create the admin: ${error.code} ${error.messageKey}${fields}`);
    }
    throw error;
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  if (error instanceof Failure) console.error(error.message);
  else console.error("admin:create failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
