// svcviz endpoints FILE... — the EndpointSlices the EndpointSlice controller
// (and the API server, for default/kubernetes) produce for the manifests.

import { EXIT_OK, type CliCommand } from '../command';
import { loadModel, reportDiagnostics } from '../model';
import { toYamlDocuments } from '../yaml';

export const endpointsCommand: CliCommand = {
  name: 'endpoints',
  summary: 'print the EndpointSlices the controller produces, as YAML',
  synopsis: 'svcviz endpoints FILE...',
  description: 'Prints every EndpointSlice of the resulting cluster as multi-document YAML (--- separated).',
  flags: {},
  async run(args, io) {
    const { cluster, diagnostics } = await loadModel(args.positionals, io, { asStored: false });
    reportDiagnostics(diagnostics, io);
    const slices = [...cluster.endpointSlices].sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    io.stdout.write(toYamlDocuments(slices));
    return EXIT_OK;
  },
};
