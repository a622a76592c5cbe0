// svcviz rules FILE... --node NAME — the node's kube-proxy ruleset as the
// native tool prints it (iptables-save, ipvsadm + ipset + iptables, nft list).

import { effectiveMode } from '../../net/ruleset-cache';
import { getBackend } from '../../proxy/index';
import type { ProxyMode } from '../../model/types';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';
import { loadModel, reportDiagnostics } from '../model';
import { UsageError } from '../args';

export const PROXY_MODES = ['iptables', 'ipvs', 'nftables', 'userspace'] as const;

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: "print a node's kube-proxy ruleset",
  synopsis: 'svcviz rules FILE... --node NAME [--mode iptables|ipvs|nftables|userspace] [--as-stored]',
  description:
    'Mode defaults to the KubeProxyConfiguration mode, else iptables. By default the objects are first\n' +
    'completed as the API server and controllers would (allocations, default Services, EndpointSlices\n' +
    'from Pods); with --as-stored they are used exactly as given.',
  flags: {
    node: { type: 'string', metavar: 'NAME', description: 'node whose rules are printed (required)' },
    mode: { type: 'string', choices: PROXY_MODES, description: 'kube-proxy mode (default: KubeProxyConfiguration.mode, else iptables)' },
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
    const text = backend.format(backend.program(cluster, { nodeName, mode }));
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return EXIT_OK;
  },
};
