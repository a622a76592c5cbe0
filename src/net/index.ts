// Packets through the cluster: trace every outcome, or sample connections.
export { traceAll, prepareTrace, DEFAULT_SOURCE_PORT, type TraceModel } from './trace';
export { sampleTraces, type TraceSampleContext, type SampleResult } from './sample';
export { formatConntrackEntry, type ConntrackEntry, type ConntrackTuple } from './conntrack';
export { getProgrammedRuleset, effectiveMode } from './ruleset-cache';
export { TraceError, type TraceHop, type TraceOutcome, type TraceRequest, type TraceResult, type ResolvedRequest } from './types';
