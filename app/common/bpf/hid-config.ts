/**
 * Device matches from `.hid_bpf_config` (udev-hid-bpf `HID_BPF_CONFIG(HID_DEVICE(bus, group, vid,
 * pid), …)`): DataSec `.hid_bpf_config` → VAR → UNION → one anonymous STRUCT per entry → fields
 * `bus`, `group`, `vid`, `pid` (and `name`), each `int (*field)[N]` with the value in N.
 */
import { resolveType, type Btf } from './btf.js';
import { encodedUint, varComposite } from './btf-values.js';
import { matchFromRaw, type HidDeviceMatch } from './device-match.js';
import { objectError, type ObjectError } from './errors.js';
import { err, ok, type Result } from '../result.js';

export const HID_CONFIG_SECTION = '.hid_bpf_config';
/** udev-hid-bpf's macro takes at most 15 entries; we allow more but not unbounded. */
export const MAX_DEVICES = 256;
const FIELDS = ['bus', 'group', 'vid', 'pid'] as const;

export function readHidConfig(btf: Btf): Result<HidDeviceMatch[], ObjectError> {
	const bad = (message: string) => err(objectError('hid-config-corrupt', message));
	const out: HidDeviceMatch[] = [];
	for (const sec of btf.datasecs(HID_CONFIG_SECTION)) {
		for (const entry of sec.vars) {
			const v = varComposite(btf, entry.type);
			if (!v || v.type.kind !== 'union')
				return bad(`${HID_CONFIG_SECTION} holds something other than a union of HID_DEVICE entries`);
			if (out.length + v.type.members.length > MAX_DEVICES)
				return bad(`more than ${MAX_DEVICES} device matches`);
			for (const m of v.type.members) {
				const s = resolveType(btf, m.type);
				if (s?.kind !== 'struct')
					return bad(`entry ${m.name || '(anon)'} of ${v.name} is not a HID_DEVICE struct`);
				const raw: Record<string, number> = {};
				for (const f of FIELDS) {
					const fields = s.members.filter((x) => x.name === f);
					const field = fields[0];
					const n = field && fields.length === 1 ? encodedUint(btf, field) : undefined;
					if (n === undefined)
						return bad(`entry ${m.name || '(anon)'} of ${v.name} has no valid '${f}' field`);
					raw[f] = n;
				}
				out.push(
					matchFromRaw({ bus: raw.bus ?? 0, group: raw.group ?? 0, vid: raw.vid ?? 0, pid: raw.pid ?? 0 }),
				);
			}
		}
	}
	return ok(out);
}
