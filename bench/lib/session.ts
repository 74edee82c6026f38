/**
 * Signs a person in through next-auth's credentials endpoints, as a browser (and
 * e2e/helpers.ts signInSession) does: the CSRF token and its cookie, then the callback with
 * the form, keeping the cookies it sets. Returns the Cookie header of the session.
 */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin, cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/`, json: "true" }),
  });
  keep(callback);
  await callback.arrayBuffer();
  const session = await fetch(`${origin}/api/auth/session`, { headers: { cookie: cookie() } });
  const body = (await session.json()) as { user?: { email?: string } } | null;
  if (body?.user?.email?.toLowerCase() !== email.toLowerCase()) {
    throw new Error(`could not sign in as ${email} (callback answered ${callback.status})`);
  }
  return cookie();
}
