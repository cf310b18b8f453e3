import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { addressBlock, clientAddress, clientAddresses } from "../src/server/client-address.ts";

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  }) as unknown as IncomingMessage;

describe("the client address rate limits count", () => {
  it("is the socket's peer, whatever X-Forwarded-For says, unless proxies are trusted", () => {
    expect(clientAddress(request("203.0.113.7", "198.51.100.1"), 0)).toBe("203.0.113.7");
  });

  it("is what the trusted proxies appended, not what the client wrote before them", () => {
    // nginx appends the address it saw to the header the client sent.
    expect(clientAddress(request("10.0.0.2", "198.51.100.1, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.3", "198.51.100.1, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7");
  });

  it("is the peer when a request reached the API without passing the proxy", () => {
    expect(clientAddress(request("203.0.113.7"), 1)).toBe("203.0.113.7");
  });

  it("is an IPv4 address however the socket spells it, and an IPv6 address's /64", () => {
    expect(clientAddress(request("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientAddress(request("2001:db8:0a:b::1"), 0)).toBe("2001:db8:a:b::/64");
    expect(clientAddress(request("2001:db8:a:b:ffff:1:2:3"), 0)).toBe("2001:db8:a:b::/64");
    expect(clientAddress(request("2001:db8::5"), 0)).toBe("2001:db8:0:0::/64");
    expect(clientAddress(request("::1"), 0)).toBe("0:0:0:0::/64");
  });

  it("widens an IPv6 /64 to its /48 for the limits over all of a party's attempts; IPv4 stays as it is", () => {
    expect(addressBlock(clientAddress(request("2001:db8:a:b::1"), 0))).toBe("2001:db8:a::/48");
    expect(addressBlock(clientAddress(request("2001:db8:a:ffff::1"), 0))).toBe("2001:db8:a::/48");
    expect(addressBlock("203.0.113.7")).toBe("203.0.113.7");
  });

  it("says once, when a proxy's header arrives while no proxy is trusted, that it is ignored", () => {
    const warnings: string[] = [];
    const untrusting = clientAddresses(0, (message) => warnings.push(message));
    expect(untrusting(request("10.0.0.2"))).toBe("10.0.0.2");
    expect(warnings).toEqual([]);
    expect(untrusting(request("10.0.0.2", "203.0.113.7"))).toBe("10.0.0.2");
    expect(untrusting(request("10.0.0.2", "198.51.100.1"))).toBe("10.0.0.2");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("TRUSTED_PROXY_HOPS");

    const trusting = clientAddresses(1, (message) => warnings.push(message));
    expect(trusting(request("10.0.0.2", "203.0.113.7"))).toBe("203.0.113.7");
    expect(warnings).toHaveLength(1);
  });
});
