import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientAddress, clientAddressConfig, PEER_ADDRESS_HEADER, PEER_SIGNATURE_HEADER, signPeerAddress } from "./client-address";

const SECRET = "0123456789abcdef0123456789abcdef";
const direct = clientAddressConfig({ TAVOLO_PEER_SECRET: SECRET });
const signed = (address: string) => ({ [PEER_ADDRESS_HEADER]: address, [PEER_SIGNATURE_HEADER]: signPeerAddress(address, SECRET) });
const ipv4 = fc.ipV4();

describe("clientAddressConfig", () => {
  it("reads Vercel, the trusted hops and the server's secret", () => {
    expect(clientAddressConfig({})).toEqual({ onVercel: false, trustedProxyHops: 0, peerSecret: null });
    expect(clientAddressConfig({ VERCEL: "1", TRUSTED_PROXY_HOPS: "2", TAVOLO_PEER_SECRET: "s" })).toEqual({
      onVercel: true,
      trustedProxyHops: 2,
      peerSecret: "s",
    });
    expect(clientAddressConfig({ TRUSTED_PROXY_HOPS: "-1" }).trustedProxyHops).toBe(0);
    expect(clientAddressConfig({ TRUSTED_PROXY_HOPS: "many" }).trustedProxyHops).toBe(0);
  });
});

describe("clientAddress, served directly by server.mjs", () => {
  it("is the signed socket address, whatever forwarding headers the client sends", () => {
    fc.assert(
      fc.property(ipv4, fc.array(ipv4, { maxLength: 4 }), ipv4, (socket, forged, realIp) => {
        const headers = { ...signed(socket), "x-forwarded-for": forged.join(", "), "x-real-ip": realIp, "x-vercel-forwarded-for": realIp };
        expect(clientAddress(headers, direct)).toBe(socket);
      }),
    );
  });

  it("ignores a peer header the client made up (wrong signature, or none)", () => {
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: "10.0.0.1" }, direct)).toBeNull();
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: "10.0.0.1", [PEER_SIGNATURE_HEADER]: "00" }, direct)).toBeNull();
    const other = { ...signed("10.0.0.2"), [PEER_ADDRESS_HEADER]: "10.0.0.1" };
    expect(clientAddress(other, direct)).toBeNull();
    const forgedWithAnotherSecret = { [PEER_ADDRESS_HEADER]: "10.0.0.1", [PEER_SIGNATURE_HEADER]: signPeerAddress("10.0.0.1", "guessed") };
    expect(clientAddress(forgedWithAnotherSecret, direct)).toBeNull();
  });

  it("is unknown under a server that is not ours (no secret), even with a well-formed header", () => {
    expect(clientAddress({ ...signed("10.0.0.1"), "x-forwarded-for": "10.9.9.9" }, clientAddressConfig({}))).toBeNull();
  });

  it("files an IPv4 client on a dual-stack socket under its IPv4 address", () => {
    expect(clientAddress(signed("::ffff:192.0.2.7"), direct)).toBe("192.0.2.7");
    expect(clientAddress(signed("2001:DB8::1"), direct)).toBe("2001:db8::1");
  });

  it("reads a Headers object as well as a plain record", () => {
    expect(clientAddress(new Headers(signed("192.0.2.8")), direct)).toBe("192.0.2.8");
  });
});

describe("clientAddress behind trusted proxies", () => {
  it("takes the Nth entry from the right, so entries the client prepends do not matter", () => {
    fc.assert(
      fc.property(fc.array(ipv4, { maxLength: 5 }), ipv4, fc.array(ipv4, { minLength: 0, maxLength: 3 }), (forged, client, innerProxies) => {
        const hops = innerProxies.length + 1;
        const forwarded = [...forged, client, ...innerProxies].join(", ");
        const config = clientAddressConfig({ TRUSTED_PROXY_HOPS: String(hops), TAVOLO_PEER_SECRET: SECRET });
        expect(clientAddress({ "x-forwarded-for": forwarded, ...signed("10.255.0.1") }, config)).toBe(client);
      }),
    );
  });

  it("falls back to the leftmost entry, then to the socket, when fewer proxies were crossed", () => {
    const config = clientAddressConfig({ TRUSTED_PROXY_HOPS: "2", TAVOLO_PEER_SECRET: SECRET });
    expect(clientAddress({ "x-forwarded-for": "192.0.2.1" }, config)).toBe("192.0.2.1");
    expect(clientAddress(signed("192.0.2.2"), config)).toBe("192.0.2.2");
    expect(clientAddress({}, config)).toBeNull();
  });
});

describe("clientAddress on Vercel", () => {
  it("uses the platform's header, never the client's X-Forwarded-For", () => {
    const vercel = clientAddressConfig({ VERCEL: "1" });
    expect(clientAddress({ "x-vercel-forwarded-for": "192.0.2.3", "x-forwarded-for": "10.0.0.1" }, vercel)).toBe("192.0.2.3");
    expect(clientAddress({ "x-real-ip": "192.0.2.4", "x-forwarded-for": "10.0.0.1" }, vercel)).toBe("192.0.2.4");
    expect(clientAddress({ "x-forwarded-for": "10.0.0.1" }, vercel)).toBeNull();
  });
});
