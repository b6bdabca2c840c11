/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hid_bpf_helpers.h - kfuncs, section names and device-match macros for
 * HID-BPF fixes built by hidfix.
 *
 * Include after hid_bpf.h. Written for this project; the *encodings* below
 * (section names, .hid_bpf_config layout, probe() contract) are the ones
 * udev-hid-bpf and the kernel's drivers/hid/bpf/progs use, so a .bpf.o built
 * here loads with udev-hid-bpf and vice versa.
 */
#ifndef __HIDFIX_HID_BPF_HELPERS_H
#define __HIDFIX_HID_BPF_HELPERS_H

#include "hid_bpf.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/*
 * kfuncs (drivers/hid/bpf/hid_bpf_dispatch.c). libbpf resolves each against
 * the kernel BTF at load; __weak ones may be missing on older kernels (check
 * with bpf_ksym_exists()). Where each may be called: see
 * docs in hid_bpf.h and Documentation/hid/hid-bpf.rst.
 */
extern __u8 *hid_bpf_get_data(struct hid_bpf_ctx *ctx, unsigned int offset,
			      const size_t __sz) __ksym;
extern struct hid_bpf_ctx *hid_bpf_allocate_context(unsigned int hid_id) __ksym;
extern void hid_bpf_release_context(struct hid_bpf_ctx *ctx) __ksym;
extern int hid_bpf_hw_request(struct hid_bpf_ctx *ctx, __u8 *data, size_t buf__sz,
			      enum hid_report_type type,
			      enum hid_class_request reqtype) __ksym;
/* v6.10+ */
extern int hid_bpf_hw_output_report(struct hid_bpf_ctx *ctx, __u8 *buf,
				    size_t buf__sz) __weak __ksym;
extern int hid_bpf_input_report(struct hid_bpf_ctx *ctx, enum hid_report_type type,
				__u8 *data, size_t buf__sz) __weak __ksym;
/* v6.11+, the only injection kfunc allowed from hid_device_event */
extern int hid_bpf_try_input_report(struct hid_bpf_ctx *ctx, enum hid_report_type type,
				    __u8 *data, size_t buf__sz) __weak __ksym;

/*
 * struct_ops program sections. hid_device_event runs in interrupt context and
 * can never be sleepable; the other three may be (".s"), which is what allows
 * hid_bpf_hw_request() and friends from them.
 */
#define HID_BPF_DEVICE_EVENT "struct_ops/hid_device_event"
#define HID_BPF_RDESC_FIXUP "struct_ops/hid_rdesc_fixup"
#define HID_BPF_HW_REQUEST "struct_ops/hid_hw_request"
#define HID_BPF_HW_OUTPUT_REPORT "struct_ops/hid_hw_output_report"

/*
 * Declares the fix's struct_ops map. ".struct_ops.link" = link-based
 * struct_ops (libbpf >= 1.2): the loader pins the link, and unlinking the pin
 * detaches the fix (Documentation/hid/hid-bpf.rst: no detach facility).
 */
#define HID_BPF_OPS(name) SEC(".struct_ops.link") struct hid_bpf_ops name

/* hid_device_event return value that drops the report entirely */
#define HID_IGNORE_EVENT -1

/* include/uapi/linux/input.h */
#define BUS_ANY 0x00
#define BUS_PCI 0x01
#define BUS_USB 0x03
#define BUS_BLUETOOTH 0x05
#define BUS_VIRTUAL 0x06
#define BUS_I2C 0x18
#define BUS_HOST 0x19
#define BUS_SPI 0x1C
#define BUS_INTEL_ISHTP 0x1F
#define BUS_AMD_SFH 0x20

/* include/linux/hid.h */
#define HID_GROUP_ANY 0x0000
#define HID_GROUP_GENERIC 0x0001
#define HID_GROUP_MULTITOUCH 0x0002
#define HID_GROUP_SENSOR_HUB 0x0003
#define HID_GROUP_MULTITOUCH_WIN_8 0x0004
#define HID_GROUP_RMI 0x0100
#define HID_GROUP_WACOM 0x0101
#define HID_GROUP_LOGITECH_DJ_DEVICE 0x0102
#define HID_GROUP_STEAM 0x0103
#define HID_GROUP_VIVALDI 0x0105

/*
 * The kernel's HID_ANY_ID is ~0, which cannot be an array length; 0 means
 * "any" in the encoding below (udev-hid-bpf src/modalias.rs reads it so).
 */
#define HID_VID_ANY 0x0000
#define HID_PID_ANY 0x0000

#define BIT(n) (1UL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Device match metadata, read from BTF only (no storage, no code):
 *
 *   HID_BPF_CONFIG(
 *	HID_DEVICE(BUS_USB, HID_GROUP_GENERIC, 0x045E, 0x00D1),
 *   );
 *
 * becomes a global union "_device_ids" in section ".hid_bpf_config"; each
 * member is an anonymous struct whose fields name, bus, group, vid, pid are
 * declared "int (*field)[N]" (libbpf's __uint). The value is the BTF array
 * length N: DataSec .hid_bpf_config -> Var -> Union -> Struct -> Ptr ->
 * Array.nelems. That is exactly udev-hid-bpf's encoding (doc/metadata.rst),
 * so its `inspect`, its hwdb generator and hidfix-loader read each other's
 * objects. Member names are not part of the encoding; ours are made unique
 * with __COUNTER__ so several entries may sit on one line.
 */
#define __HIDFIX_CAT2(a, b) a##b
#define __HIDFIX_CAT(a, b) __HIDFIX_CAT2(a, b)

#define HID_DEVICE(b, g, ven, prod)					\
	struct {							\
		__uint(name, 0);					\
		__uint(bus, (b));					\
		__uint(group, (g));					\
		__uint(vid, (ven));					\
		__uint(pid, (prod));					\
	} __HIDFIX_CAT(_entry, __COUNTER__)

/*
 * Up to 15 HID_DEVICE() entries plus an optional trailing comma (an empty
 * last argument expands to a lone ';', which is valid in a union).
 */
#define __HIDFIX_NTH(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13,	\
		     _14, _15, _16, N, ...) N
#define __HIDFIX_NARGS(...)							\
	__HIDFIX_NTH(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,	\
		     3, 2, 1, 0)
#define __HIDFIX_L1(a) a;
#define __HIDFIX_L2(a, ...) a; __HIDFIX_L1(__VA_ARGS__)
#define __HIDFIX_L3(a, ...) a; __HIDFIX_L2(__VA_ARGS__)
#define __HIDFIX_L4(a, ...) a; __HIDFIX_L3(__VA_ARGS__)
#define __HIDFIX_L5(a, ...) a; __HIDFIX_L4(__VA_ARGS__)
#define __HIDFIX_L6(a, ...) a; __HIDFIX_L5(__VA_ARGS__)
#define __HIDFIX_L7(a, ...) a; __HIDFIX_L6(__VA_ARGS__)
#define __HIDFIX_L8(a, ...) a; __HIDFIX_L7(__VA_ARGS__)
#define __HIDFIX_L9(a, ...) a; __HIDFIX_L8(__VA_ARGS__)
#define __HIDFIX_L10(a, ...) a; __HIDFIX_L9(__VA_ARGS__)
#define __HIDFIX_L11(a, ...) a; __HIDFIX_L10(__VA_ARGS__)
#define __HIDFIX_L12(a, ...) a; __HIDFIX_L11(__VA_ARGS__)
#define __HIDFIX_L13(a, ...) a; __HIDFIX_L12(__VA_ARGS__)
#define __HIDFIX_L14(a, ...) a; __HIDFIX_L13(__VA_ARGS__)
#define __HIDFIX_L15(a, ...) a; __HIDFIX_L14(__VA_ARGS__)
#define __HIDFIX_L16(a, ...) a; __HIDFIX_L15(__VA_ARGS__)

#define HID_BPF_CONFIG(...)							\
	union {									\
		__HIDFIX_CAT(__HIDFIX_L, __HIDFIX_NARGS(__VA_ARGS__))(__VA_ARGS__) \
	} _device_ids SEC(".hid_bpf_config")

/*
 * probe() helpers: accept = retval 0, anything else makes the loader skip the
 * object for this device with "probe() rejected the device".
 */
#define HID_BPF_PROBE_ACCEPT(ctx) ((ctx)->retval = 0)
#define HID_BPF_PROBE_REJECT(ctx) ((ctx)->retval = -22 /* -EINVAL */)

#endif /* __HIDFIX_HID_BPF_HELPERS_H */
