// SPDX-License-Identifier: GPL-2.0-only
/*
 * hidfix_tracer: copies every report of one HID device into a ring buffer,
 * *before* any other HID-BPF program sees it, and never changes it.
 *
 * Why: once a fix is attached, hidraw shows the fixed bytes; a bug report
 * needs both what the device sent and what the fix made of it (hid-recorder's
 * B: and E: lines, hidutils/hid-recorder #25). struct_ops programs of one
 * device run in attach order on one shared buffer; BPF_F_BEFORE puts this one
 * at the head of the list, so it runs before every program attached without
 * that flag, whenever that was attached.
 *
 * Reports are copied in 64-byte chunks: the kernel sizes the event buffer to
 * DIV_ROUND_UP(max report length, 64) * 64 precisely so that programs can read
 * whole 64-byte chunks (drivers/hid/bpf/hid_bpf_dispatch.c,
 * __hid_bpf_allocate_data), and hid_bpf_get_data() needs a constant size.
 * One ringbuf record per chunk; hidfix-trace reassembles them by seq.
 *
 * Read-only by design: always returns 0 (keep the report as is).
 */

#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

#include "hidfix_tracer.h"

/*
 * include/uapi/linux/bpf.h enum bpf_map_type (stable UAPI value). hid_bpf.h
 * deliberately carries no vmlinux.h and <linux/bpf.h> cannot be included with
 * -target bpf, so the one map type we need is spelled out.
 */
#define HIDFIX_BPF_MAP_TYPE_ARRAY 2
#define HIDFIX_BPF_MAP_TYPE_RINGBUF 27

struct {
	__uint(type, HIDFIX_BPF_MAP_TYPE_RINGBUF);
	/* 4 MiB = 52k chunks: ~6 s of an 8 kHz device if the reader stalls */
	__uint(max_entries, 4 << 20);
} hidfix_trace_rb SEC(".maps");

/* [0]: chunks that found the ring buffer full (read by hidfix-trace at exit) */
struct {
	__uint(type, HIDFIX_BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hidfix_trace_stats SEC(".maps");

/* report counter (all CPUs): groups the chunks of one report */
__u32 hidfix_trace_seq;

SEC(HID_BPF_DEVICE_EVENT)
int BPF_PROG(hidfix_trace_event, struct hid_bpf_ctx *hctx, enum hid_report_type type,
	     __u64 source)
{
	__u32 size = hctx->size;
	__u32 seq = __sync_fetch_and_add(&hidfix_trace_seq, 1);
	__u64 now = bpf_ktime_get_ns();
	struct hidfix_trace_chunk *c;
	__u32 i;

	for (i = 0; i < HIDFIX_TRACE_MAX_CHUNKS; i++) {
		__u32 offset = i * HIDFIX_TRACE_CHUNK;
		__u8 *data;

		if (offset >= size)
			break;
		data = hid_bpf_get_data(hctx, offset, HIDFIX_TRACE_CHUNK);
		if (!data)
			break;
		c = bpf_ringbuf_reserve(&hidfix_trace_rb, sizeof(*c), 0);
		if (!c) {
			__u32 key = 0;
			__u64 *lost = bpf_map_lookup_elem(&hidfix_trace_stats, &key);

			if (lost)
				__sync_fetch_and_add(lost, 1);
			break;
		}
		c->ts_ns = now;
		c->seq = seq;
		c->size = size;
		c->offset = offset;
		c->type = type;
		__builtin_memcpy(c->data, data, HIDFIX_TRACE_CHUNK);
		bpf_ringbuf_submit(c, 0);
	}
	return 0;
}

SEC(".struct_ops.link")
struct hid_bpf_ops hidfix_tracer = {
	.flags = BPF_F_BEFORE,
	.hid_device_event = (void *)hidfix_trace_event,
};

char _license[] SEC("license") = "GPL";
