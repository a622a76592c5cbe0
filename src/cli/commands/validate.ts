// svcviz validate FILE... — every problem the API server (and the YAML
// parser) would report, one line each, located in the user's text.

import { formatDiagnostic, hasErrors } from '../../model/diagnostic';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';
import { loadModel } from '../model';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check manifests as the API server would; one line per problem',
  synopsis: 'svcviz validate FILE...',
  description:
    'Prints one line per problem: FILE:LINE:COL: error|warning: <Kind> "<namespace>/<name>": <field>: <Type>: <detail>.\n' +
    'Exit status 1 when there is any error, else 0.',
  flags: {},
  async run(args, io) {
    const { diagnostics } = await loadModel(args.positionals, io, { asStored: false });
    for (const d of diagnostics) io.stdout.write(`${formatDiagnostic(d)}\n`);
    return hasErrors(diagnostics) ? EXIT_FAILURE : EXIT_OK;
  },
};
