/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between hidfix_tracer.bpf.c and hidfix-trace.c: one ringbuf record. */
#ifndef __HIDFIX_TRACER_H
#define __HIDFIX_TRACER_H

#define HIDFIX_TRACE_CHUNK 64
/* 64 chunks = 4096 bytes: longer reports are cut (the B: line says so) */
#define HIDFIX_TRACE_MAX_CHUNKS 64

struct hidfix_trace_chunk {
	__u64 ts_ns;	/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u32 seq;	/* report number; all chunks of a report share it */
	__u32 size;	/* whole report length */
	__u32 offset;	/* of this chunk */
	__u32 type;	/* enum hid_report_type */
	__u8 data[HIDFIX_TRACE_CHUNK];
};

#endif
