// svcviz rules FILE... --node NAME — the node's kube-proxy ruleset as the
// native tool prints it (iptables-save, ipvsadm + ipset + iptables, nft list).

import { effectiveMode } from '../../net/ruleset-cache';
import { getBackend } from '../../proxy/index';
import type { IptablesProgramOptions } from '../../proxy/iptables/index';
import type { ProgramOptions } from '../../proxy/types';
import type { ProxyMode } from '../../model/types';
import type { FlagSpec, FlagValues } from '../args';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';
import { loadModel, reportDiagnostics } from '../model';
import { UsageError } from '../args';

export const PROXY_MODES = ['iptables', 'ipvs', 'nftables', 'userspace'] as const;

/** `IptablesProgramOptions.hostProfile`: which host the iptables payload is printed for. */
export const IPTABLES_HOSTS = ['reference', 'real-node'] as const;
export type IptablesHost = (typeof IPTABLES_HOSTS)[number];

export const IPTABLES_HOST_FLAG: FlagSpec = {
  type: 'string',
  choices: IPTABLES_HOSTS,
  description: 'iptables host: reference (default; mark 0x4000) or real-node (0x00004000, MASQUERADE --random-fully)',
};

export function iptablesHostOf(flags: FlagValues): IptablesHost {
  return (flags['iptables-host'] as IptablesHost | undefined) ?? 'reference';
}

/** Program options for `mode`; the iptables backend's program() takes IptablesProgramOptions as they are. */
export function programOptionsFor(nodeName: string, mode: ProxyMode, host: IptablesHost): ProgramOptions {
  if (mode !== 'iptables' || host === 'reference') return { nodeName, mode };
  const options: IptablesProgramOptions = { nodeName, mode, hostProfile: host };
  return options;
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: "print a node's kube-proxy ruleset",
  synopsis: 'svcviz rules FILE... --node NAME [--mode iptables|ipvs|nftables|userspace] [--iptables-host reference|real-node] [--as-stored]',
  description:
    'Mode defaults to the KubeProxyConfiguration mode, else iptables. By default the objects are first\n' +
    'completed as the API server and controllers would (allocations, default Services, EndpointSlices\n' +
    'from Pods); with --as-stored they are used exactly as given.\n' +
    'iptables output is by default that of the reference host of upstream proxier_test.go (whose expected\n' +
    'payloads it matches byte for byte); --iptables-host real-node prints it as a current node would.',
  flags: {
    node: { type: 'string', metavar: 'NAME', description: 'node whose rules are printed (required)' },
    mode: { type: 'string', choices: PROXY_MODES, description: 'kube-proxy mode (default: KubeProxyConfiguration.mode, else iptables)' },
    'iptables-host': IPTABLES_HOST_FLAG,
    'as-stored': { type: 'boolean', description: 'take the objects exactly as given: nothing allocated or added' },
  },
  async run(args, io) {
    const nodeName = args.flags.node;
    if (typeof nodeName !== 'string') throw new UsageError('rules needs --node NAME');
    const { cluster, diagnostics } = await loadModel(args.positionals, io, { asStored: args.flags['as-stored'] === true });
    reportDiagnostics(diagnostics, io);
    if (!cluster.nodes.some((n) => n.metadata.name === nodeName)) {
      io.stderr.write(`svcviz rules: node "${nodeName}" not found (nodes: ${cluster.nodes.map((n) => n.metadata.name).join(', ') || 'none'})\n`);
      return EXIT_FAILURE;
    }
    const mode = effectiveMode(cluster, args.flags.mode as ProxyMode | undefined);
    const backend = getBackend(mode);
    const text = backend.format(backend.program(cluster, programOptionsFor(nodeName, mode, iptablesHostOf(args.flags))));
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return EXIT_OK;
  },
};
