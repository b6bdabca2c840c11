/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * enum bpf_map_type values the inspector fixtures use (include/uapi/linux/bpf.h). bpf/include has
 * no map types because the fixes there need none, and <linux/bpf.h> cannot be included with
 * -target bpf (it pulls in the host's <asm/types.h>).
 */
#ifndef HIDFIX_TESTDATA_MAP_TYPES_H
#define HIDFIX_TESTDATA_MAP_TYPES_H

enum {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_RINGBUF = 27,
	BPF_MAP_TYPE_USER_RINGBUF = 31,
};

#endif
