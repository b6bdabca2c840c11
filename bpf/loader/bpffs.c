// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel BTF and bpffs: does this kernel have struct_ops HID-BPF, which
 * fixes are pinned for a device, and what each of them implements.
 *
 * "What a pinned fix implements" is read from the kernel, not from names:
 * a struct_ops link -> its map -> the map value, where the kernel stores the
 * id of the program behind each function-pointer member
 * (kernel/bpf/bpf_struct_ops.c, bpf_struct_ops_map_update_elem() "put prog_id
 * to udata"). That works for fixes loaded by udev-hid-bpf as well as ours.
 */
#include "loader.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

#define MAX_MEMBERS 16

struct kernel_btf {
	struct btf *vmlinux;
	struct btf *module;		/* split BTF of hid.ko, if HID-BPF lives there */
	struct btf *btf;		/* the one that has hid_bpf_ops */
	__u32 data_off;			/* bpf_struct_ops_hid_bpf_ops.data */
	int hid_id_off;
	int nr_members;
	const char *member_name[MAX_MEMBERS];
	__u32 member_off[MAX_MEMBERS];
	bool member_is_func[MAX_MEMBERS];
};

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

bool bpffs_mounted(void)
{
	struct statfs st;

	return statfs("/sys/fs/bpf", &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC;
}

static const char *release(void)
{
	static struct utsname u;

	if (!u.release[0] && uname(&u) < 0)
		return "?";
	return u.release;
}

static bool is_func_ptr(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);

	while (t && (btf_is_typedef(t) || btf_is_const(t) || btf_is_volatile(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return false;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t);
}

static int fill_layout(struct kernel_btf *kb)
{
	const struct btf_type *ops, *val;
	const struct btf_member *m;
	int ops_id, val_id, i;

	val_id = btf__find_by_name_kind(kb->btf, "bpf_struct_ops_hid_bpf_ops", BTF_KIND_STRUCT);
	ops_id = btf__find_by_name_kind(kb->btf, "hid_bpf_ops", BTF_KIND_STRUCT);
	if (val_id < 0 || ops_id < 0)
		return -1;

	val = btf__type_by_id(kb->btf, val_id);
	m = btf_members(val);
	for (i = 0; i < btf_vlen(val); i++, m++)
		if (!strcmp(btf__name_by_offset(kb->btf, m->name_off), "data"))
			kb->data_off = btf_member_bit_offset(val, i) / 8;

	ops = btf__type_by_id(kb->btf, ops_id);
	m = btf_members(ops);
	kb->hid_id_off = -1;
	for (i = 0; i < btf_vlen(ops) && i < MAX_MEMBERS; i++, m++) {
		kb->member_name[i] = btf__name_by_offset(kb->btf, m->name_off);
		kb->member_off[i] = btf_member_bit_offset(ops, i) / 8;
		kb->member_is_func[i] = is_func_ptr(kb->btf, m->type);
		if (!strcmp(kb->member_name[i], "hid_id"))
			kb->hid_id_off = kb->member_off[i];
	}
	kb->nr_members = i;
	return 0;
}

struct kernel_btf *kernel_btf_load(void)
{
	struct kernel_btf *kb = calloc(1, sizeof(*kb));

	if (!kb) {
		fail(EXIT_INTERNAL, "internal", "out of memory");
		return NULL;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
		fail_errno(errno, EXIT_KERNEL, "kernel-no-btf",
			   "kernel %s has no BTF (/sys/kernel/btf/vmlinux: CONFIG_DEBUG_INFO_BTF is off); HID-BPF needs it",
			   release());
		goto err;
	}
	kb->vmlinux = btf__load_vmlinux_btf();
	if (!kb->vmlinux) {
		fail_errno(errno, EXIT_KERNEL, "kernel-no-btf", "cannot parse /sys/kernel/btf/vmlinux");
		goto err;
	}
	kb->btf = kb->vmlinux;
	if (fill_layout(kb) == 0)
		return kb;

	/* CONFIG_HID_BPF is bool and built in, but be tolerant of a modular build */
	if (access("/sys/kernel/btf/hid", R_OK) == 0) {
		kb->module = btf__parse_split("/sys/kernel/btf/hid", kb->vmlinux);
		if (kb->module) {
			kb->btf = kb->module;
			if (fill_layout(kb) == 0)
				return kb;
		}
	}

	if (btf__find_by_name_kind(kb->vmlinux, "hid_bpf_attach_prog", BTF_KIND_FUNC) >= 0)
		fail(EXIT_KERNEL, "kernel-too-old",
		     "kernel %s has only the legacy HID-BPF tracing API (6.3-6.10); hidfix-loader needs the struct_ops API of Linux 6.11 or newer",
		     release());
	else
		fail(EXIT_KERNEL, "kernel-no-hid-bpf",
		     "kernel %s has no HID-BPF (CONFIG_HID_BPF is off, no bpf_struct_ops_hid_bpf_ops in its BTF); a distribution kernel with CONFIG_HID_BPF=y (6.11+) is needed",
		     release());
err:
	kernel_btf_free(kb);
	return NULL;
}

void kernel_btf_free(struct kernel_btf *kb)
{
	if (!kb)
		return;
	btf__free(kb->module);
	btf__free(kb->vmlinux);
	free(kb);
}

unsigned int member_flag(const char *name)
{
	if (!name)
		return 0;
	if (!strcmp(name, "hid_device_event"))
		return MEMBER_DEVICE_EVENT;
	if (!strcmp(name, "hid_rdesc_fixup"))
		return MEMBER_RDESC_FIXUP;
	if (!strcmp(name, "hid_hw_request"))
		return MEMBER_HW_REQUEST;
	if (!strcmp(name, "hid_hw_output_report"))
		return MEMBER_HW_OUTPUT_REPORT;
	return 0;
}

void json_members(struct json *j, const char *key, unsigned int members)
{
	json_arr_begin(j, key);
	if (members & MEMBER_DEVICE_EVENT)
		json_str(j, NULL, "hid_device_event");
	if (members & MEMBER_RDESC_FIXUP)
		json_str(j, NULL, "hid_rdesc_fixup");
	if (members & MEMBER_HW_REQUEST)
		json_str(j, NULL, "hid_hw_request");
	if (members & MEMBER_HW_OUTPUT_REPORT)
		json_str(j, NULL, "hid_hw_output_report");
	json_arr_end(j);
}

/* /proc/self/fdinfo tells a link from a map from a program. */
static void fd_kind(int fd, char *kind, size_t n)
{
	char path[64], buf[1024];
	FILE *f;

	snprintf(kind, n, "?");
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f)) {
		if (!strncmp(buf, "link_type:", 10)) {
			snprintf(kind, n, "link");
			break;
		}
		if (!strncmp(buf, "map_type:", 9)) {
			snprintf(kind, n, "map");
			break;
		}
		if (!strncmp(buf, "prog_type:", 10)) {
			snprintf(kind, n, "prog");
			break;
		}
	}
	fclose(f);
}

static void inspect_struct_ops_map(__u32 map_id, const struct kernel_btf *kb,
				   struct pin_info *info)
{
	struct bpf_map_info mi = {};
	__u32 len = sizeof(mi), key = 0;
	unsigned char *val = NULL;
	int fd, i;

	fd = bpf_map_get_fd_by_id(map_id);
	if (fd < 0)
		return;
	if (bpf_map_get_info_by_fd(fd, &mi, &len) < 0 || !mi.value_size ||
	    mi.value_size < kb->data_off)
		goto out;
	val = calloc(1, mi.value_size);
	if (!val || bpf_map_lookup_elem(fd, &key, val) < 0)
		goto out;

	for (i = 0; i < kb->nr_members; i++) {
		__u32 off = kb->data_off + kb->member_off[i];
		__u64 slot = 0;

		if (off + sizeof(slot) > mi.value_size)
			continue;
		if (kb->member_is_func[i]) {
			memcpy(&slot, val + off, sizeof(slot));
			if (slot)
				info->members |= member_flag(kb->member_name[i]);
		}
	}
	if (kb->hid_id_off >= 0 && kb->data_off + kb->hid_id_off + 4 <= mi.value_size)
		memcpy(&info->hid_id, val + kb->data_off + kb->hid_id_off, 4);
out:
	free(val);
	close(fd);
}

int pin_inspect(const char *path, const struct kernel_btf *kb, struct pin_info *info)
{
	const char *base = strrchr(path, '/');
	int fd;

	memset(info, 0, sizeof(*info));
	info->hid_id = -1;
	snprintf(info->name, sizeof(info->name), "%s", base ? base + 1 : path);
	snprintf(info->kind, sizeof(info->kind), "?");

	fd = bpf_obj_get(path);
	if (fd < 0)
		return -1;
	fd_kind(fd, info->kind, sizeof(info->kind));

	if (!strcmp(info->kind, "link")) {
		struct bpf_link_info li = {};
		__u32 len = sizeof(li);

		if (bpf_link_get_info_by_fd(fd, &li, &len) == 0) {
			info->id = li.id;
			if (li.type == BPF_LINK_TYPE_STRUCT_OPS) {
				snprintf(info->link_type, sizeof(info->link_type), "struct_ops");
				info->map_id = li.struct_ops.map_id;
				if (kb)
					inspect_struct_ops_map(info->map_id, kb, info);
			} else if (li.type == BPF_LINK_TYPE_TRACING) {
				/* legacy (6.3-6.10) fix, e.g. loaded by udev-hid-bpf */
				snprintf(info->link_type, sizeof(info->link_type), "tracing");
			} else {
				snprintf(info->link_type, sizeof(info->link_type), "type-%u", li.type);
			}
		}
	} else if (!strcmp(info->kind, "map")) {
		struct bpf_map_info mi = {};
		__u32 len = sizeof(mi);

		if (bpf_map_get_info_by_fd(fd, &mi, &len) == 0)
			info->id = mi.id;
	} else if (!strcmp(info->kind, "prog")) {
		struct bpf_prog_info pi = {};
		__u32 len = sizeof(pi);

		if (bpf_prog_get_info_by_fd(fd, &pi, &len) == 0)
			info->id = pi.id;
	}
	close(fd);
	return 0;
}

int find_rdesc_fixup(const char *bpffs_dev, const struct kernel_btf *kb, const char *skip_obj,
		     char *out, size_t n)
{
	char dir[PATH_MAX], sub[PATH_MAX], pin[PATH_MAX + NAME_MAX + 2];
	struct dirent *de, *pe;
	struct pin_info info;
	DIR *d, *pd;
	int found = 0;

	snprintf(dir, sizeof(dir), BPFFS_HID_ROOT "/%s", bpffs_dev);
	d = opendir(dir);
	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.' || (skip_obj && !strcmp(de->d_name, skip_obj)))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		pd = opendir(sub);
		if (!pd)
			continue;
		while ((pe = readdir(pd))) {
			if (pe->d_name[0] == '.')
				continue;
			snprintf(pin, sizeof(pin), "%s/%s", sub, pe->d_name);
			if (pin_inspect(pin, kb, &info) == 0 && (info.members & MEMBER_RDESC_FIXUP)) {
				snprintf(out, n, "%s", de->d_name);
				found = 1;
				break;
			}
		}
		closedir(pd);
	}
	closedir(d);
	return found;
}

int remove_object_dir(const char *dir, struct json *removed)
{
	char pin[PATH_MAX + NAME_MAX + 2];
	struct dirent *de;
	int count = 0;
	DIR *d = opendir(dir);

	if (!d)
		return fail_errno(errno, errno == ENOENT ? EXIT_NOT_ATTACHED : EXIT_INTERNAL,
				  errno == ENOENT ? "not-attached" : "internal", "cannot open %s", dir);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(pin, sizeof(pin), "%s/%s", dir, de->d_name);
		/* unlinking the last reference to a link detaches the fix */
		if (unlink(pin) < 0) {
			int err = errno;

			closedir(d);
			return fail_errno(err, err == EPERM || err == EACCES ? EXIT_PERMISSION : EXIT_INTERNAL,
					  err == EPERM || err == EACCES ? "permission-denied" : "internal",
					  "cannot remove pin %s", pin);
		}
		if (removed)
			json_str(removed, NULL, pin);
		count++;
	}
	closedir(d);
	if (rmdir(dir) < 0)
		return fail_errno(errno, EXIT_INTERNAL, "internal", "cannot remove %s", dir);
	return count;
}

void prune_device_dir(const char *bpffs_dev)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), BPFFS_HID_ROOT "/%s", bpffs_dev);
	rmdir(dir);	/* fails with ENOTEMPTY while other fixes remain: fine */
}
