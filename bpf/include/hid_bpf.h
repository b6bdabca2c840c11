/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hid_bpf.h - the kernel types a HID-BPF fix needs, without vmlinux.h.
 *
 * Why no vmlinux.h: a fix is signed and shipped as one small object that must
 * load on every kernel >= 6.11, not only on the kernel whose BTF produced the
 * header. Every kernel struct below is therefore declared with only the
 * members a fix reads, and with preserve_access_index so clang emits CO-RE
 * relocations: libbpf rewrites each field offset against the running kernel's
 * BTF at load time (e.g. struct hid_bpf_ctx lost its index and report_type
 * members when v6.11 moved HID-BPF to struct_ops, kernel series "HID: bpf:
 * implement HID-BPF through bpf_struct_ops").
 *
 * struct hid_bpf_ops is different: it is the value of a struct_ops map, and
 * libbpf matches its members *by name* against the kernel's
 * struct hid_bpf_ops (libbpf bpf_map__init_kern_struct_ops()). Members the
 * kernel has but a fix never sets (list, hdev) are left out on purpose; the
 * kernel side stays zeroed. hid_id must stay a member: the loader writes the
 * device id into it before load (include/linux/hid_bpf.h: "hid_id: the HID
 * uniq ID to attach to. This is writeable before ->init() is called").
 *
 * Objects built against this header are interchangeable with udev-hid-bpf's:
 * same section names, same struct_ops type, same .hid_bpf_config encoding
 * (see hid_bpf_helpers.h).
 */
#ifndef __HIDFIX_HID_BPF_H
#define __HIDFIX_HID_BPF_H

/*
 * Fixed-width types as in <linux/types.h>; that header cannot be used with
 * -target bpf because it pulls in the host's <asm/types.h>.
 */
typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __u16 __le16;
typedef __u32 __le32;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
typedef __u32 __wsum;
typedef unsigned long size_t;
typedef _Bool bool;
#define true 1
#define false 0
#ifndef NULL
#define NULL ((void *)0)
#endif

/* include/linux/hid.h */
enum hid_report_type {
	HID_INPUT_REPORT = 0,
	HID_OUTPUT_REPORT = 1,
	HID_FEATURE_REPORT = 2,
	HID_REPORT_TYPES,
};

/* include/linux/hid.h, HID 1.11 section 7.2 */
enum hid_class_request {
	HID_REQ_GET_REPORT = 0x01,
	HID_REQ_GET_IDLE = 0x02,
	HID_REQ_GET_PROTOCOL = 0x03,
	HID_REQ_SET_REPORT = 0x09,
	HID_REQ_SET_IDLE = 0x0A,
	HID_REQ_SET_PROTOCOL = 0x0B,
};

/*
 * include/linux/hid.h. Only what a fix may read, or write where the kernel
 * allows it (name, uniq, phys; quirks since 6.12): the verifier rejects any
 * other write (drivers/hid/bpf/hid_bpf_struct_ops.c hid_bpf_ops_btf_struct_access).
 */
struct hid_device {
	__u16 bus;
	__u16 group;
	__u32 vendor;
	__u32 product;
	__u32 version;
	char name[128];
	char phys[64];
	char uniq[64];
	unsigned long quirks;
} __attribute__((preserve_access_index));

/*
 * include/linux/hid_bpf.h. Data is only reachable through hid_bpf_get_data();
 * size is the current report (or descriptor) length.
 */
struct hid_bpf_ctx {
	struct hid_device *hid;
	__u32 allocated_size;
	union {
		__s32 retval;
		__s32 size;
	};
} __attribute__((preserve_access_index));

/* include/uapi/linux/bpf.h: insert this program at the head of the device's list */
#ifndef BPF_F_BEFORE
#define BPF_F_BEFORE (1U << 3)
#endif

/* include/linux/hid_bpf.h, kernel >= 6.11. Matched by member name, see above. */
struct hid_bpf_ops {
	int hid_id;
	__u32 flags;
	int (*hid_device_event)(struct hid_bpf_ctx *ctx, enum hid_report_type report_type,
				__u64 source);
	int (*hid_rdesc_fixup)(struct hid_bpf_ctx *ctx);
	int (*hid_hw_request)(struct hid_bpf_ctx *ctx, unsigned char reportnum,
			      enum hid_report_type rtype, enum hid_class_request reqtype,
			      __u64 source);
	int (*hid_hw_output_report)(struct hid_bpf_ctx *ctx, __u64 source);
};

#define HID_MAX_DESCRIPTOR_SIZE 4096

/*
 * Context of the optional SEC("syscall") probe() program. The loader fills it
 * with the device's live report descriptor, zero-padded, and retval = -1;
 * probe() must set retval = 0 to accept the device (udev-hid-bpf
 * doc/device-matches.rst: same layout, so probes are portable).
 */
struct hid_bpf_probe_args {
	unsigned int hid;
	unsigned int rdesc_size;
	unsigned char rdesc[HID_MAX_DESCRIPTOR_SIZE];
	int retval;
};

#endif /* __HIDFIX_HID_BPF_H */
