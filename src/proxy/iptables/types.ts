// The iptables ruleset as plain data: tables -> chains -> rules, each rule
// carrying both its structured matches/target (what the evaluator walks) and
// its exact `iptables-restore` text (what the user reads). Both come from the
// same `RulePart` list, so they cannot disagree.

import type { IPFamily } from '../../model/types';
import type { Ruleset } from '../types';

/** One match extension or option of a rule, in the order it is printed. */
export type RulePart =
  | { k: 'comment'; value: string }
  | { k: 'proto'; value: 'tcp' | 'udp' | 'sctp' }
  /** `-s` / `-d` with an IP or CIDR, optionally negated */
  | { k: 'src' | 'dst'; value: string; neg?: boolean }
  | { k: 'dport'; value: number }
  /** `-m addrtype --src-type LOCAL` / `--dst-type LOCAL` */
  | { k: 'srcLocal' | 'dstLocal' }
  | { k: 'mark'; value: string; neg?: boolean }
  | { k: 'ctstate'; states: string[]; neg?: boolean }
  | { k: 'statistic'; probability: number; text: string }
  | { k: 'recentCheck'; name: string; seconds: number }
  | { k: 'recentSet'; name: string }
  | { k: 'nfacct'; name: string };

export type RuleTarget =
  | { k: 'jump'; chain: string }
  | { k: 'DNAT'; ip: string; port: number; endpoint: string }
  | { k: 'MARK'; op: 'or' | 'xor'; value: string }
  | { k: 'MASQUERADE'; randomFully: boolean }
  | { k: 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' }
  /** a rule with no `-j` (counts packets only) */
  | { k: 'none' };

export interface IptablesRule {
  chain: string;
  /** exactly as printed: `-A KUBE-SERVICES -m comment --comment ... -j ...` */
  text: string;
  parts: RulePart[];
  target: RuleTarget;
  /** ServicePortName string of the service port the rule belongs to */
  spn?: string;
}

/**
 * A chain and its rules, in payload order. (Line numbers in the formatted
 * payload are derived on demand: see lines.ts.)
 */
export interface IptablesChain {
  name: string;
  rules: IptablesRule[];
}

export interface IptablesTable {
  name: 'filter' | 'nat';
  chains: IptablesChain[];
}

export interface IptablesData {
  family: IPFamily;
  /** tables in payload order: filter, nat */
  tables: IptablesTable[];
  /** addresses `-m addrtype --src-type/--dst-type LOCAL` matches on this node */
  localIPs: string[];
  /** e.g. "0x4000" */
  masqueradeMark: string;
  /** total endpoints > 1000: SEP/SVC->SEP rules carry no comments */
  largeClusterMode: boolean;
}

export interface IptablesRuleset extends Ruleset {
  mode: 'iptables';
  /** the proxier of the node's primary family (or of the family asked for) */
  data: IptablesData;
  /**
   * Dual-stack nodes run a second proxier (ip6tables for an IPv4-primary
   * cluster): its ruleset, printed after the primary payload.
   */
  secondary?: IptablesData;
}
