// svcviz trace FILE... --from SRC --to DST — every outcome of a connection
// with its exact probability, or (--sample K) K connections in order.

import { createRng } from '../../model/rng';
import type { IPFamily, Protocol, ProxyMode } from '../../model/types';
import { sampleTraces } from '../../net/sample';
import { traceAll } from '../../net/trace';
import { TraceError } from '../../net/types';
import { UsageError } from '../args';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';
import { formatOutcomes, formatSamples, outcomeJSON } from '../format-trace';
import { loadModel, reportDiagnostics } from '../model';
import { IPTABLES_HOST_FLAG, iptablesHostOf, PROXY_MODES } from './rules';

export const traceCommand: CliCommand = {
  name: 'trace',
  summary: 'show every path a packet can take (or sample connections) with the rule matched at each hop',
  synopsis: 'svcviz trace FILE... --from SRC --to DST [--node NAME] [--mode M] [--protocol TCP|UDP|SCTP] [--family IPv4|IPv6] [--iptables-host reference|real-node] [--as-stored] [--json] [--sample K --seed S]',
  description:
    'SRC: pod/[NAMESPACE/]NAME, node/NAME, or an IP (pod IP, node IP, or an external client arriving at --node).\n' +
    'DST: a DNS name (resolved from the source\'s namespace; NAME:PORT or NAME:PORTNAME picks the port),\n' +
    '     IP:PORT, or NODE:NODEPORT.\n' +
    'Prints every possible outcome with its exact probability, verdict, endpoint, pod, whether it was\n' +
    'masqueraded, the source IP the pod sees and the hops with the rule matched at each.\n' +
    '--sample K sends K connections in order (round robin, scheduler and affinity state carried over).\n' +
    '--family IPv6 resolves names to AAAA records and has a dual-stack source use its IPv6 address\n' +
    '(default: the source address\'s family, so IPv6 on an IPv6-only cluster; IPv6 endpoints print as [ip]:port).',
  flags: {
    from: { type: 'string', metavar: 'SRC', description: 'pod/[NS/]NAME | node/NAME | IP (required)' },
    to: { type: 'string', metavar: 'DST', description: 'DNS name[:PORT] | IP:PORT | NODE:NODEPORT (required)' },
    node: { type: 'string', metavar: 'NAME', description: 'node an external client reaches (default: the first node)' },
    mode: { type: 'string', choices: PROXY_MODES, description: 'kube-proxy mode (default: KubeProxyConfiguration.mode, else iptables)' },
    protocol: { type: 'string', choices: ['TCP', 'UDP', 'SCTP'], description: 'protocol (default TCP)' },
    'iptables-host': IPTABLES_HOST_FLAG,
    family: { type: 'string', choices: ['IPv4', 'IPv6'], description: 'address family the client connects with (default: its source address\'s)' },
    'as-stored': { type: 'boolean', description: 'take the objects exactly as given: nothing allocated or added' },
    json: { type: 'boolean', description: 'print {"outcomes":[…]} (with --sample: {"samples":[…]})' },
    sample: { type: 'integer', metavar: 'K', description: 'send K connections in order and print each one' },
    seed: { type: 'integer', metavar: 'S', description: 'seed for --sample (default 1)' },
  },
  async run(args, io) {
    const { from, to } = args.flags;
    if (typeof from !== 'string') throw new UsageError('trace needs --from SRC');
    if (typeof to !== 'string') throw new UsageError('trace needs --to DST');
    const sample = args.flags.sample as number | undefined;
    if (sample !== undefined && sample < 1) throw new UsageError('--sample needs a positive number of connections');
    if (args.flags.seed !== undefined && sample === undefined) throw new UsageError('--seed only applies with --sample');

    const { cluster, diagnostics } = await loadModel(args.positionals, io, { asStored: args.flags['as-stored'] === true });
    reportDiagnostics(diagnostics, io);
    const request = {
      from,
      to,
      protocol: (args.flags.protocol as Protocol | undefined) ?? 'TCP',
      ...(args.flags.mode ? { mode: args.flags.mode as ProxyMode } : {}),
      ...(typeof args.flags.node === 'string' ? { node: args.flags.node } : {}),
      ...(args.flags.family ? { family: args.flags.family as IPFamily } : {}),
      iptablesHost: iptablesHostOf(args.flags),
    };
    try {
      runTrace();
    } catch (e) {
      if (e instanceof TraceError) {
        io.stderr.write(`svcviz trace: ${e.message}\n`);
        return EXIT_FAILURE;
      }
      throw e;
    }
    return EXIT_OK;

    function runTrace(): void {
      if (sample !== undefined) {
        const seed = (args.flags.seed as number | undefined) ?? 1;
        const rng = createRng(seed);
        const result = sampleTraces({ cluster }, request, sample, { random: rng.next });
        io.stdout.write(args.flags.json
          ? `${JSON.stringify({ samples: result.samples.map(outcomeJSON) }, null, 2)}\n`
          : formatSamples(result.request, result.samples, seed, result.states));
      } else {
        const result = traceAll({ cluster }, request);
        io.stdout.write(args.flags.json
          ? `${JSON.stringify({ outcomes: result.outcomes.map(outcomeJSON) }, null, 2)}\n`
          : formatOutcomes(result.request, result.outcomes));
      }
    }
  },
};
