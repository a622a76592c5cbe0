/** Go's `net.JoinHostPort(ip, port)`: IPv6 addresses are bracketed. */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
