/**
 * The BPF object inspector: what a HID-BPF `.bpf.o` declares and can do, read statically from
 * its bytes (pure, no I/O), and the check that it agrees with a bundle manifest.
 */
export { readObjectInfo, type BpfObjectInfo, type ObjectApi, type UdevPropInfo } from './object-info.js';
export { capabilities, describe as describeCapability } from './capabilities.js';
export type { Capability, CapabilityFact, CapabilityKind, Risk } from './capabilities.js';
export {
	deviceMatches,
	matchFromRaw,
	matchFromText,
	matchKey,
	matchManifestTargets,
	matchTargets,
	matchToText,
} from './device-match.js';
export type { HidDeviceId, HidDeviceMatch, MatchValue, TargetMismatch, TargetText } from './device-match.js';
export type { FieldAccess, FieldAccessMode } from './core-relocs.js';
export type { ObjectError, ObjectErrorCode } from './errors.js';
export type { BpfMapInfo, MapFlow, MapTypeName } from './maps.js';
export type { BpfProgramInfo, BpfSubprogramInfo, ProgramKind } from './programs.js';
export type { StructOpsInfo, StructOpsMember } from './struct-ops.js';
