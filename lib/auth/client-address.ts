import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The headers server.mjs sets on every request from the socket it arrived on, after
 * dropping any copy the client sent. The signature (HMAC with a secret the server
 * draws at start and hands only to its own process) is what lets the app tell them
 * from the same names sent by a client to a server that is not ours (`next start`).
 */
export const PEER_ADDRESS_HEADER = "x-tavolo-peer-address";
export const PEER_SIGNATURE_HEADER = "x-tavolo-peer-signature";

/** Where the client's address can be trusted from, read once from the environment. */
export type ClientAddressConfig = {
  /** On Vercel the platform overwrites its own forwarding headers. */
  onVercel: boolean;
  /** How many proxies of our own append to X-Forwarded-For in front of the app (0: none). */
  trustedProxyHops: number;
  /** The per-process secret server.mjs signs the socket address with; null when not behind it. */
  peerSecret: string | null;
};

export type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value.join(",");
  return undefined;
}

function entries(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** The signature server.mjs puts beside a socket address. */
export function signPeerAddress(address: string, secret: string): string {
  return createHmac("sha256", secret).update(address).digest("hex");
}

function verifiedPeer(headers: HeaderSource, secret: string | null): string | null {
  if (!secret) return null;
  const address = header(headers, PEER_ADDRESS_HEADER);
  const signature = header(headers, PEER_SIGNATURE_HEADER);
  if (!address || !signature) return null;
  const expected = Buffer.from(signPeerAddress(address, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? address : null;
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) and "10.0.0.1" are one client. */
function normalise(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

/**
 * The address a request came from, decided only from what the platform or our own
 * proxies and server set — never from a value the client can choose:
 * - on Vercel, the platform's `x-vercel-forwarded-for` (or `x-real-ip`);
 * - behind N trusted proxies, the Nth X-Forwarded-For entry from the right (each proxy
 *   appends the address it was reached from, so entries further left are the client's say);
 * - otherwise the socket peer that server.mjs signed.
 * Null when none of these is available (e.g. plain `next start`): callers must then not
 * file every client under one shared key.
 */
export function clientAddress(headers: HeaderSource, config: ClientAddressConfig): string | null {
  if (config.onVercel) {
    const vercel = entries(header(headers, "x-vercel-forwarded-for"))[0] ?? entries(header(headers, "x-real-ip"))[0];
    return vercel ? normalise(vercel) : null;
  }
  if (config.trustedProxyHops > 0) {
    const forwarded = entries(header(headers, "x-forwarded-for"));
    // Fewer entries than hops: the request skipped the outer proxies; the leftmost is the best we have.
    const chosen = forwarded.length >= config.trustedProxyHops ? forwarded[forwarded.length - config.trustedProxyHops] : forwarded[0];
    if (chosen) return normalise(chosen);
    const peer = verifiedPeer(headers, config.peerSecret);
    return peer ? normalise(peer) : null;
  }
  const peer = verifiedPeer(headers, config.peerSecret);
  return peer ? normalise(peer) : null;
}

/** The configuration of this process (see server.mjs and the README's Security section). */
export function clientAddressConfig(env: Record<string, string | undefined> = process.env): ClientAddressConfig {
  const hops = Number.parseInt(env.TRUSTED_PROXY_HOPS ?? "0", 10);
  return {
    onVercel: env.VERCEL === "1",
    trustedProxyHops: Number.isFinite(hops) && hops > 0 ? hops : 0,
    peerSecret: env.TAVOLO_PEER_SECRET || null,
  };
}
