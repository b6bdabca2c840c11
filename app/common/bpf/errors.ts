/**
 * Typed errors of the object inspector.
 *
 * A `.bpf.o` arrives inside an untrusted bundle, so every way its bytes can be wrong is a code the
 * caller can switch on (bundle rejection, UI text), never an exception.
 */
export type ObjectErrorCode =
	/** Not an ELF file at all (magic, class, byte order or version). */
	| 'elf-not-elf'
	/** A header, table or section points past the end of the file. */
	| 'elf-truncated'
	/** Structurally impossible ELF (bad sizes, indices, overlapping counts). */
	| 'elf-corrupt'
	/** A valid ELF file, but not for the BPF machine (e_machine 247) or not relocatable. */
	| 'elf-not-bpf'
	/** No `.BTF` section: the object cannot describe its own maps, kfuncs or device matches. */
	| 'btf-missing'
	/** `.BTF` exists but its header, types or strings are inconsistent. */
	| 'btf-corrupt'
	/** `.hid_bpf_config` exists but does not follow the udev-hid-bpf HID_DEVICE encoding. */
	| 'hid-config-corrupt'
	/** A BTF-defined map, struct_ops map or program is malformed. */
	| 'object-corrupt'
	/** A bug in the inspector itself; mapped so hostile input fails closed instead of crashing. */
	| 'object-internal';

export interface ObjectError {
	readonly code: ObjectErrorCode;
	readonly message: string;
}

export const objectError = (code: ObjectErrorCode, message: string): ObjectError => ({ code, message });
