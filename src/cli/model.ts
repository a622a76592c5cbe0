// Turning FILE arguments into the simulated cluster the commands print.

import type { Cluster } from '../model/cluster';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic';
import { createClusterModel } from '../model/load';
import { readInputs, type CliIO } from './io';

export interface LoadedModel {
  cluster: Cluster;
  diagnostics: Diagnostic[];
}

/**
 * By default the objects are completed as the API server and controllers
 * would (defaults, allocations, the default Services, ReplicaSets, Pods and
 * EndpointSlices); `asStored` takes them exactly as given.
 */
export async function loadModel(files: readonly string[], io: CliIO, opts: { asStored: boolean }): Promise<LoadedModel> {
  const inputs = await readInputs(files, io);
  const model = createClusterModel(inputs, { asStored: opts.asStored });
  return { cluster: model.cluster, diagnostics: model.diagnostics };
}

/** Validation problems do not stop rules/trace/endpoints: they go to stderr. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: CliIO): void {
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
}
