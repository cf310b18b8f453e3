import type { IncomingMessage } from "node:http";
import { isIPv6 } from "node:net";

/**
 * The caller's address, as rate limits count it. X-Forwarded-For is written by the client as well as
 * by proxies, so only the entries the `trustedHops` proxies appended (counted from the right) are
 * believed; with none trusted, it is the socket's peer.
 */
export function clientAddress(request: IncomingMessage | undefined, trustedHops: number): string {
  const peer = request?.socket.remoteAddress ?? "unknown";
  const header = request?.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Nearest last: the peer, then what each proxy appended, back towards the client.
  const chain = [...forwarded, peer];
  return rateKey(chain[Math.max(chain.length - 1 - trustedHops, 0)] ?? peer);
}

/**
 * clientAddress for one server, which says once when it ignores a proxy's header: with
 * TRUSTED_PROXY_HOPS left at 0 behind a load balancer, every client is the balancer, and one
 * client can use up everyone's login and sign-up budgets.
 */
export function clientAddresses(
  trustedHops: number,
  warn: (message: string) => void,
): (request: IncomingMessage | undefined) => string {
  let warned = trustedHops > 0;
  return (request) => {
    if (!warned && request?.headers["x-forwarded-for"] !== undefined) {
      warned = true;
      warn(
        "X-Forwarded-For is ignored because TRUSTED_PROXY_HOPS is 0: behind a proxy, every client shares the " +
          "proxy's rate limits. Set TRUSTED_PROXY_HOPS to the number of proxies in front of the API.",
      );
    }
    return clientAddress(request, trustedHops);
  };
}

/**
 * One key per party: IPv4 as is (mapped IPv6 included), IPv6 by its /64, which a single host
 * usually holds whole and could otherwise hop across.
 */
function rateKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address.slice(0, 64);
  const [head = "", tail] = (address.split("%")[0] ?? "").split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(Math.max(8 - left.length - right.length, 0)).fill("0");
  const groups = [...left, ...zeros, ...right].slice(0, 4);
  return `${groups.map((group) => Number.parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/**
 * The block a party may hold whole, for limits over all of its attempts: an IPv6 /64 widened to
 * its /48 (what a tunnel broker hands out free, 65,536 /64s); IPv4 addresses as they are.
 */
export function addressBlock(clientKey: string): string {
  if (!clientKey.endsWith("::/64")) return clientKey;
  return `${clientKey.split(":").slice(0, 3).join(":")}::/48`;
}
