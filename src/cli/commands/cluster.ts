// svcviz cluster FILE... — the objects as the API server would store them
// once defaulting, allocation and the controllers have run: Services with
// clusterIPs / nodePorts / LB ingress, Pods bound to nodes with IPs, …

import { EXIT_OK, type CliCommand } from '../command';
import { loadModel, reportDiagnostics } from '../model';
import { toYamlDocuments } from '../yaml';

export const clusterCommand: CliCommand = {
  name: 'cluster',
  summary: 'print the resulting objects (allocated IPs and ports, Pods with nodes and IPs) as YAML',
  synopsis: 'svcviz cluster FILE... [--as-stored]',
  description:
    'Prints Namespaces, Nodes, Services, Deployments, ReplicaSets, StatefulSets, Pods and EndpointSlices\n' +
    'of the resulting cluster as multi-document YAML.',
  flags: {
    'as-stored': { type: 'boolean', description: 'take the objects exactly as given: nothing allocated or added' },
  },
  async run(args, io) {
    const { cluster, diagnostics } = await loadModel(args.positionals, io, { asStored: args.flags['as-stored'] === true });
    reportDiagnostics(diagnostics, io);
    io.stdout.write(toYamlDocuments([
      ...cluster.namespaces,
      ...cluster.nodes,
      ...cluster.services,
      ...cluster.deployments,
      ...cluster.replicaSets,
      ...cluster.statefulSets,
      ...cluster.pods,
      ...cluster.endpointSlices,
    ]));
    return EXIT_OK;
  },
};
