// The nftables-mode ruleset of one node as plain data: the `kube-proxy` table
// with its sets, verdict maps and chains (pkg/proxy/nftables/proxier.go).
// Every rule keeps its structured form (matches + action) next to the text
// kube-proxy hands to nft, so the text and the packet walk agree.

import type { IPFamily } from '../../model/types';
import type { Ruleset } from '../types';

export type NftMatch =
  | { m: 'ct-new' }
  /** `ip saddr 10.0.0.0/8`, `ip daddr != 127.0.0.0/8`, `ip saddr != { a, b }` (IPs or CIDRs) */
  | { m: 'addr'; dir: 'saddr' | 'daddr'; not: boolean; values: string[]; braces: boolean; joiner?: string }
  /** `ip saddr @set` / `ip daddr @set` */
  | { m: 'addr-set'; dir: 'saddr' | 'daddr'; set: string }
  /** `fib saddr type local` / `fib daddr type local` */
  | { m: 'fib-local'; dir: 'saddr' | 'daddr' }
  /** `mark and 0x4000 == 0` */
  | { m: 'mark-clear'; mark: string }
  /** `meta l4proto tcp` */
  | { m: 'l4proto'; proto: string };

export type NftAction =
  | { a: 'jump' | 'goto'; chain: string }
  /** `ip daddr . meta l4proto . th dport vmap @map` / `meta l4proto . th dport vmap @map` */
  | { a: 'vmap'; key: 'addr.proto.port' | 'proto.port'; map: string }
  /** `numgen random mod N vmap { 0 : goto e0 , 1 : goto e1 }` */
  | { a: 'numgen'; chains: string[] }
  /** `update @affinity-… { ip saddr }` (continues) */
  | { a: 'update'; set: string }
  | { a: 'dnat'; ip: string; port: number; to: string }
  /** `mark set mark or M` / `mark set mark xor M` (continue) */
  | { a: 'mark-or'; mark: string }
  | { a: 'mark-xor'; mark: string }
  | { a: 'drop' | 'reject' | 'return' | 'masquerade' };

export interface NftRule {
  chain: string;
  matches: NftMatch[];
  action: NftAction;
  comment?: string;
  /** the rule body as kube-proxy writes it (`add rule ip kube-proxy <chain> <text>`) */
  text: string;
}

export interface NftBaseChain {
  type: 'filter' | 'nat';
  hook: 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
  priority: number;
}

export interface NftChain {
  name: string;
  base?: NftBaseChain;
  comment?: string;
  rules: NftRule[];
}

export interface NftElement {
  key: string[];
  /** verdict for maps, e.g. "goto service-…", "drop" */
  value?: string;
  comment?: string;
}

export interface NftSet {
  kind: 'set' | 'map';
  name: string;
  /** e.g. "ipv4_addr", "ipv4_addr . inet_proto . inet_service : verdict" */
  type: string;
  flags?: string[];
  timeoutSeconds?: number;
  comment?: string;
  elements: NftElement[];
}

export interface NftData {
  family: IPFamily;
  /** nft family: "ip" | "ip6" */
  table: 'ip' | 'ip6';
  nodeName: string;
  nodeIP: string;
  /** addresses `fib daddr type local` matches */
  localIPs: string[];
  masqueradeMark: string;
  /** sets and maps in creation order */
  sets: NftSet[];
  /** chains in creation order */
  chains: NftChain[];
}

export interface NftRuleset extends Ruleset {
  mode: 'nftables';
  data: NftData;
}
