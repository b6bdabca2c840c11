/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared declarations of hidfix-loader (see hidfix-loader.c for the CLI
 * contract and exit codes).
 */
#ifndef HIDFIX_LOADER_H
#define HIDFIX_LOADER_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "json.h"

/* Exit codes, documented in hidfix-loader.c */
enum {
	EXIT_OK = 0,
	EXIT_INTERNAL = 1,
	EXIT_USAGE = 2,
	EXIT_BAD_DEVICE = 3,
	EXIT_BAD_OBJECT = 4,
	EXIT_NOT_FOR_DEVICE = 5,
	EXIT_CONFLICT = 6,
	EXIT_VERIFIER = 7,
	EXIT_KERNEL = 8,
	EXIT_PERMISSION = 9,
	EXIT_NOT_ATTACHED = 10,
};

#define HID_MAX_DESCRIPTOR_SIZE 4096
#define BPFFS_HID_ROOT "/sys/fs/bpf/hid"
#define SYS_HID_DEVICES "/sys/bus/hid/devices"
/* bpffs refuses '.' in names (mkdir -> EPERM); udev-hid-bpf maps ':' and '.' to '_' */
#define NAME_MAX_BPFFS 200

struct failure {
	int exit_code;
	const char *code;
	char message[1024];
	char *verifier_log;	/* malloc'ed or NULL */
	bool has_errno;
	int err;		/* errno value when has_errno */
};

extern struct failure g_fail;

/* Record the (first) failure; returns -1 so callers can `return fail(...)`. */
int fail(int exit_code, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int fail_errno(int err, int exit_code, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- device.c: HID devices in sysfs ---- */

struct hid_dev {
	char syspath[PATH_MAX];		/* canonical, under /sys/devices */
	char sysname[32];		/* BBBB:VVVV:PPPP.NNNN */
	char bpffs_name[32];		/* BBBB_VVVV_PPPP_NNNN */
	uint32_t hid_id;		/* NNNN, hex */
	uint32_t bus, group, vendor, product;	/* from MODALIAS */
};

bool valid_sysname(const char *s);
void sysname_to_bpffs(const char *sysname, char *out, size_t n);
bool bpffs_to_sysname(const char *bpffs, char *out, size_t n);
int hid_dev_open(const char *arg, struct hid_dev *dev);
/* Read <syspath>/report_descriptor; returns size or -1 (g_fail set). */
int hid_dev_read_rdesc(const struct hid_dev *dev, unsigned char *buf, size_t cap);

/* ---- bpffs.c: pins, and what attached fixes do ---- */

/* struct hid_bpf_ops members a fix can implement */
enum {
	MEMBER_DEVICE_EVENT = 1 << 0,
	MEMBER_RDESC_FIXUP = 1 << 1,
	MEMBER_HW_REQUEST = 1 << 2,
	MEMBER_HW_OUTPUT_REPORT = 1 << 3,
};

struct kernel_btf;	/* opaque: vmlinux BTF + offsets of hid_bpf_ops */

/*
 * Load /sys/kernel/btf/vmlinux and locate struct_ops support. Returns NULL
 * with g_fail set (kernel-no-btf, kernel-too-old, kernel-no-hid-bpf).
 */
struct kernel_btf *kernel_btf_load(void);
void kernel_btf_free(struct kernel_btf *kb);
unsigned int member_flag(const char *name);
void json_members(struct json *j, const char *key, unsigned int members);

struct pin_info {
	char name[NAME_MAX + 1];
	char kind[8];		/* "link", "map", "prog", "?" */
	uint32_t id;		/* link/map/prog id */
	uint32_t map_id;	/* struct_ops link: its map */
	int32_t hid_id;		/* struct_ops link: hid_bpf_ops.hid_id, -1 unknown */
	unsigned int members;	/* MEMBER_* of a struct_ops link */
	char link_type[16];	/* "struct_ops", "tracing", ... */
};

/*
 * Inspect one pinned object. kb may be NULL (then members stay 0).
 * Returns 0, or -1 if it cannot be opened (info->kind = "?").
 */
int pin_inspect(const char *path, const struct kernel_btf *kb, struct pin_info *info);

/*
 * Find an attached fix with an rdesc fixup on the device; writes its object
 * dir name into out. Returns 1 found, 0 none.
 */
int find_rdesc_fixup(const char *bpffs_dev, const struct kernel_btf *kb, const char *skip_obj,
		     char *out, size_t n);

/* Unlink every pin in dir, then the dir. Returns number of pins removed or -1. */
int remove_object_dir(const char *dir, struct json *removed);
/* rmdir the device dir if it became empty (ignore errors) */
void prune_device_dir(const char *bpffs_dev);

bool bpffs_mounted(void);

/* ---- misc ---- */
double now_ms(void);
void sleep_ms(unsigned int ms);

#endif
