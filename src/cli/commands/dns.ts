// svcviz dns FILE... NAME — the cluster DNS answer as dig prints it.

import { formatDig, resolveDNS } from '../../model/dns';
import { UsageError } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { loadModel, reportDiagnostics } from '../model';

const TYPES = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT'] as const;
type QueryType = (typeof TYPES)[number];

export const dnsCommand: CliCommand = {
  name: 'dns',
  summary: 'answer a DNS query as the cluster DNS (CoreDNS) would',
  synopsis: 'svcviz dns FILE... NAME [--type A|AAAA|SRV|PTR|CNAME|TXT] [--namespace NS]',
  description:
    'NAME is looked up as given when it is fully qualified (ends with a dot or has a cluster domain suffix),\n' +
    'else through the search path of a pod in --namespace (default "default"). Prints the answer section\n' +
    'as dig does; a name that does not exist is reported as NXDOMAIN.',
  flags: {
    type: { type: 'string', choices: TYPES, description: 'record type (default A)' },
    namespace: { type: 'string', metavar: 'NS', description: 'namespace of the asking pod (default "default")' },
  },
  async run(args, io) {
    if (args.positionals.length < 2) throw new UsageError('dns needs FILE... and a NAME to look up');
    const name = args.positionals[args.positionals.length - 1]!;
    const files = args.positionals.slice(0, -1);
    const { cluster, diagnostics } = await loadModel(files, io, { asStored: false });
    reportDiagnostics(diagnostics, io);
    const type = (args.flags.type as QueryType | undefined) ?? 'A';
    const fromNamespace = (args.flags.namespace as string | undefined) ?? 'default';
    const resp = resolveDNS(cluster, { name, type, fromNamespace });
    const text = formatDig(resp);
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return EXIT_OK;
  },
};
