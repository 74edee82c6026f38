import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { optOut } from "@/lib/notifications/inbox";

/** A one-click body is a few bytes; anything much larger is not one. */
const MAX_BODY = 2_000;

/**
 * The body's bytes, or null past MAX_BODY: read from the stream and dropped at the bound, so
 * a body without a Content-Length (chunked) is not read whole into memory either.
 */
async function boundedBody(request: NextRequest): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** The RFC 8058 body: `List-Unsubscribe=One-Click`, form-encoded or multipart. */
async function isOneClick(request: NextRequest): Promise<boolean> {
  const body = await boundedBody(request);
  if (!body) return false;
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
    const form = await new Response(body, { headers: { "content-type": type } }).formData().catch(() => null);
    return form?.get("List-Unsubscribe") === "One-Click";
  }
  return new TextDecoder().decode(body).trim() === "List-Unsubscribe=One-Click";
}

function answer(status: number, body: string) {
  return new NextResponse(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to the
 * address of the e-mail's List-Unsubscribe header (lib/notifications/mail.ts), token in the
 * query string. No session and no Origin (the mail client posts it, not a page of ours):
 * proxy.ts leaves /api/ to its handlers. That is safe because the signed, expiring token
 * names one person and one kind and can only set that kind to in-app (optOut), which is
 * also what the page's button does. 200 when done, 400 for anything else.
 */
export async function POST(request: NextRequest) {
  const token = request.nextUrl.searchParams.get("token") ?? "";
  if (!token || !(await isOneClick(request))) return answer(400, "Bad request: a one-click opt-out needs its token and List-Unsubscribe=One-Click.");
  try {
    await optOut(await getDb(), { token });
  } catch (error) {
    if (error instanceof AppError) return answer(400, "This opt-out link is not valid or has expired.");
    throw error;
  }
  return answer(200, "Done: no more e-mail of this kind.");
}
