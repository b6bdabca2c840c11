// SPDX-License-Identifier: GPL-2.0-only
/*
 * hidfix-loader - attach and detach HID-BPF fixes (struct_ops, Linux 6.11+)
 * with libbpf, in the bpffs layout of udev-hid-bpf.
 *
 * Usage:
 *   hidfix-loader attach <hid device> <object.bpf.o> [--replace]
 *   hidfix-loader detach <hid device> [<object>]
 *   hidfix-loader list
 *   hidfix-loader check
 *
 * <hid device>: /sys/bus/hid/devices/BBBB:VVVV:PPPP.NNNN, any sysfs path
 * resolving to it under /sys/devices, or the bare name. For detach the device
 * may already be gone (pins outlive it), so the name alone is enough.
 * <object> for detach: the .bpf.o path or its pin-dir name.
 *
 * Output: exactly one JSON object on stdout,
 *   {"ok":true,"command":"attach",...}
 *   {"ok":false,"command":"attach","code":"<kebab-code>","message":"<what to do>",
 *    "detail":{"errno":22,"error":"Invalid argument","verifierLog":"...","libbpfLog":"..."}}
 * Diagnostics for humans go to stderr only with HIDFIX_LOADER_VERBOSE=1.
 *
 * Exit codes:
 *   0  ok
 *   1  internal error (bug, out of memory, unexpected syscall failure)
 *   2  usage: bad arguments (code "usage")
 *   3  device: not found or not a HID device ("no-such-device", "not-a-hid-device")
 *   4  object: unreadable or not a HID-BPF struct_ops object ("invalid-object")
 *   5  not for this device: HID_BPF_CONFIG does not match, or probe() said no
 *      ("wrong-device", "no-device-match", "probe-rejected", "probe-failed")
 *   6  conflict ("rdesc-conflict": the device already has a descriptor fix;
 *      "already-attached": same object, use --replace)
 *   7  the kernel verifier rejected a program ("verifier-rejected"; log in detail)
 *   8  kernel lacks support ("kernel-no-hid-bpf", "kernel-too-old", "kernel-no-btf",
 *      "bpffs-not-mounted"), or load/attach refused by the kernel ("load-failed",
 *      "attach-failed", "pin-failed")
 *   9  insufficient privileges ("permission-denied")
 *   10 nothing to detach ("not-attached")
 *
 * Attach sequence (udev-hid-bpf src/bpf.rs order, Documentation/hid/hid-bpf.rst):
 * validate device and object -> object's HID_BPF_CONFIG vs the device's
 * MODALIAS -> which members the object sets (ELF relocations) -> refuse a
 * second hid_rdesc_fixup before anything loads -> open -> write hid_id into
 * every struct hid_bpf_ops map (before load: the kernel reads it at
 * registration) -> load (the verifier runs here) -> run probe() with the live
 * report descriptor -> attach the struct_ops links -> only then create
 * /sys/fs/bpf/hid/<dev>/<object>/ and pin the links (and named maps) there,
 * so a failed attach never leaves an empty dir that looks like a fix.
 *
 * Legacy kernels (6.3-6.10, tracing API with hid_bpf_attach_prog) are
 * detected and refused with "kernel-too-old": no test kernel for them.
 */
#include "loader.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <unistd.h>

#define MAX_OBJECT_SIZE (64u << 20)
#define MAX_CONFIG_ENTRIES 16
#define MAX_OPS_MAPS 8
#define RECONNECT_TIMEOUT_MS 5000

struct failure g_fail;

/* Everything libbpf says (warnings include the verifier log on failure). */
static char *g_log;
static size_t g_log_len;
static bool g_verbose;

#define LOG_CAP (4u << 20)	/* a verifier log can be megabytes; the start matters */

int fail(int exit_code, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (g_fail.code)	/* keep the first, most precise failure */
		return -1;
	g_fail.exit_code = exit_code;
	g_fail.code = code;
	va_start(ap, fmt);
	vsnprintf(g_fail.message, sizeof(g_fail.message), fmt, ap);
	va_end(ap);
	return -1;
}

int fail_errno(int err, int exit_code, const char *code, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (g_fail.code)
		return -1;
	if (err == EPERM || err == EACCES) {
		exit_code = EXIT_PERMISSION;
		code = "permission-denied";
	}
	g_fail.exit_code = exit_code;
	g_fail.code = code;
	g_fail.has_errno = true;
	g_fail.err = err;
	va_start(ap, fmt);
	vsnprintf(g_fail.message, sizeof(g_fail.message), fmt, ap);
	va_end(ap);
	len = strlen(g_fail.message);
	snprintf(g_fail.message + len, sizeof(g_fail.message) - len, ": %s%s", strerror(err),
		 err == EPERM || err == EACCES ? " (run as root: HID-BPF needs CAP_BPF and CAP_SYS_ADMIN)" : "");
	return -1;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *line = NULL;
	size_t l;
	char *p;
	int n;

	if (level == LIBBPF_DEBUG && !g_verbose)
		return 0;
	/* one call can carry a whole verifier log: no fixed-size buffer */
	n = vasprintf(&line, fmt, ap);
	if (n < 0)
		return 0;
	if (g_verbose)
		fputs(line, stderr);
	l = (size_t)n;
	if (g_log_len + l <= LOG_CAP) {
		p = realloc(g_log, g_log_len + l + 1);
		if (p) {
			memcpy(p + g_log_len, line, l + 1);
			g_log = p;
			g_log_len += l;
		}
	}
	free(line);
	return 0;
}

static const char *libbpf_log(void)
{
	return g_log ? g_log : "";
}

/*
 * libbpf prints "prog 'x': -- BEGIN PROG LOAD LOG --\n<log>-- END PROG LOAD
 * LOG --" when the kernel refuses a program (it retries the load with a log
 * buffer itself). Returns a malloc'ed copy of the first such log, or NULL.
 */
static char *extract_verifier_log(char *prog, size_t prog_n)
{
	const char *log = libbpf_log(), *b, *e, *q;
	static const char begin[] = "-- BEGIN PROG LOAD LOG --\n";

	b = strstr(log, begin);
	if (!b)
		return NULL;
	/* "libbpf: prog 'name': -- BEGIN ..." */
	q = b;
	while (q > log && q[-1] != '\n')
		q--;
	if (prog_n && (q = strstr(q, "prog '")) && q < b) {
		const char *end = strchr(q + 6, '\'');

		if (end && end < b)
			snprintf(prog, prog_n, "%.*s", (int)(end - q - 6), q + 6);
	}
	b += sizeof(begin) - 1;
	e = strstr(b, "-- END PROG LOAD LOG --");
	if (!e)
		e = b + strlen(b);
	return strndup(b, e - b);
}

/*
 * The line of the verifier log that says what is wrong. The log is the
 * instruction trace (lines starting with a digit or ';'), register state,
 * then the error ("invalid access to memory, mem_size=6 off=8 size=1", maybe
 * continued on the next line). Kernels 7.x append a structured report
 * ("Verification failed: Memory Safety: Access outside bounds", then indented
 * "Reason:", "Causal path:", "Suggestion:" blocks) before "processed N
 * insns". Report the classic line, with the 7.x headline in parentheses.
 */
static bool is_reason_line(const char *ls, size_t n)
{
	static const char *const skip[] = {
		"processed ", "verification time", "stack depth", "libbpf: ", "func ", "from ",
		"last_idx", "mark_precise", "Validating ", "Func#", "arg#", "Verification failed",
	};
	size_t i;

	if (!n || ls[0] == ' ' || ls[0] == '\t' || ls[0] == ';' || (ls[0] >= '0' && ls[0] <= '9'))
		return false;
	if (ls[n - 1] == ':')	/* block header ("Reason:", "Suggestion:") */
		return false;
	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strncmp(ls, skip[i], strlen(skip[i])))
			return false;
	return true;
}

static void verifier_reason(const char *vlog, char *out, size_t n)
{
	static const char headline[] = "Verification failed: ";
	const char *summary = strstr(vlog, headline), *end, *ls, *le, *se;
	int summary_len = 0;

	snprintf(out, n, "see detail.verifierLog");
	if (summary && (summary == vlog || summary[-1] == '\n')) {
		end = summary;	/* the classic error is above the structured report */
		summary += sizeof(headline) - 1;
		se = strchr(summary, '\n');
		summary_len = se ? (int)(se - summary) : (int)strlen(summary);
	} else {
		summary = NULL;
		end = vlog + strlen(vlog);
	}

	le = end;
	while (le > vlog) {
		while (le > vlog && le[-1] == '\n')
			le--;
		ls = le;
		while (ls > vlog && ls[-1] != '\n')
			ls--;
		if (is_reason_line(ls, le - ls)) {
			/* the error may span lines ("invalid access ...", "R0 min value
			 * ..."): report the first of the run */
			const char *ps, *pe = ls;

			while (pe > vlog) {
				pe--;	/* onto the '\n' ending the previous line */
				ps = pe;
				while (ps > vlog && ps[-1] != '\n')
					ps--;
				if (!is_reason_line(ps, pe - ps))
					break;
				ls = ps;
				le = pe;
				pe = ps;
			}
			if (summary)
				snprintf(out, n, "%.*s (%.*s)", (int)(le - ls), ls, summary_len, summary);
			else
				snprintf(out, n, "%.*s", (int)(le - ls), ls);
			return;
		}
		le = ls;
	}
	if (summary)
		snprintf(out, n, "%.*s", summary_len, summary);
}

static void emit_failure(const char *command)
{
	struct json j;

	json_init(&j);
	json_obj_begin(&j, NULL);
	json_bool(&j, "ok", false);
	json_str(&j, "command", command);
	json_str(&j, "code", g_fail.code ? g_fail.code : "internal");
	json_str(&j, "message", g_fail.message[0] ? g_fail.message : "unknown failure");
	json_obj_begin(&j, "detail");
	if (g_fail.has_errno) {
		json_int(&j, "errno", g_fail.err);
		json_str(&j, "error", strerror(g_fail.err));
	}
	if (g_fail.verifier_log)
		json_str(&j, "verifierLog", g_fail.verifier_log);
	if (g_log_len)
		json_str(&j, "libbpfLog", libbpf_log());
	json_obj_end(&j);
	json_obj_end(&j);
	json_print(&j);
	json_free(&j);
}

/* ------------------------------------------------------------------ */
/* objects                                                             */

struct config_entry {
	__u32 bus, group, vid, pid;
};

/*
 * Read HID_BPF_CONFIG from the object's BTF: DataSec ".hid_bpf_config" ->
 * Var -> Union -> Struct{name,bus,group,vid,pid} -> Ptr -> Array.nelems
 * (udev-hid-bpf doc/metadata.rst). Returns the entry count, -1 on bad BTF.
 */
static int read_hid_bpf_config(const char *path, struct config_entry *out, int max)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec;
	struct btf *btf;
	int sec_id, i, n = 0;

	btf = btf__parse_elf(path, NULL);
	if (!btf)
		return fail_errno(errno, EXIT_BAD_OBJECT, "invalid-object",
				  "%s has no readable BTF (build it with clang -g)", path);

	sec_id = btf__find_by_name_kind(btf, ".hid_bpf_config", BTF_KIND_DATASEC);
	if (sec_id < 0) {
		btf__free(btf);
		return 0;
	}
	sec = btf__type_by_id(btf, sec_id);
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vsi++) {
		const struct btf_type *var = btf__type_by_id(btf, vsi->type), *u;
		const struct btf_member *m;
		int k;

		if (!var || !btf_is_var(var))
			continue;
		u = btf__type_by_id(btf, btf__resolve_type(btf, var->type));
		if (!u || !btf_is_union(u))
			continue;
		m = btf_members(u);
		for (k = 0; k < btf_vlen(u) && n < max; k++, m++) {
			const struct btf_type *s = btf__type_by_id(btf, btf__resolve_type(btf, m->type));
			const struct btf_member *f;
			struct config_entry e = {};
			int fi;

			if (!s || !btf_is_struct(s))
				continue;
			f = btf_members(s);
			for (fi = 0; fi < btf_vlen(s); fi++, f++) {
				const char *fname = btf__name_by_offset(btf, f->name_off);
				const struct btf_type *p = btf__type_by_id(btf, f->type), *a;
				__u32 v;

				if (!p || !btf_is_ptr(p))
					continue;
				a = btf__type_by_id(btf, p->type);
				if (!a || !btf_is_array(a))
					continue;
				v = btf_array(a)->nelems;
				if (!strcmp(fname, "bus"))
					e.bus = v;
				else if (!strcmp(fname, "group"))
					e.group = v;
				else if (!strcmp(fname, "vid"))
					e.vid = v;
				else if (!strcmp(fname, "pid"))
					e.pid = v;
			}
			out[n++] = e;
		}
	}
	btf__free(btf);
	return n;
}

static bool entry_matches(const struct config_entry *e, const struct hid_dev *d)
{
	return (!e->bus || e->bus == d->bus) && (!e->group || e->group == d->group) &&
	       (!e->vid || e->vid == d->vendor) && (!e->pid || e->pid == d->product);
}

static int check_device_match(const char *path, const struct hid_dev *dev, const char *obj_name)
{
	struct config_entry e[MAX_CONFIG_ENTRIES];
	char targets[512] = "", one[96];
	bool same_ids = false;
	int n, i;

	n = read_hid_bpf_config(path, e, MAX_CONFIG_ENTRIES);
	if (n < 0)
		return -1;
	if (n == 0)
		return fail(EXIT_NOT_FOR_DEVICE, "no-device-match",
			    "%s declares no devices (no HID_BPF_CONFIG / .hid_bpf_config section); refusing to attach it anywhere",
			    obj_name);
	for (i = 0; i < n; i++) {
		if (entry_matches(&e[i], dev))
			return 0;
		if ((!e[i].vid || e[i].vid == dev->vendor) && (!e[i].pid || e[i].pid == dev->product))
			same_ids = true;
	}
	for (i = 0; i < n && strlen(targets) < sizeof(targets) - sizeof(one); i++) {
		char vid[8] = "*", pid[8] = "*";

		if (e[i].vid)
			snprintf(vid, sizeof(vid), "%04X", e[i].vid);
		if (e[i].pid)
			snprintf(pid, sizeof(pid), "%04X", e[i].pid);
		if (same_ids)
			snprintf(one, sizeof(one), "%s%s:%s (bus 0x%04X, group 0x%04X)", i ? ", " : "",
				 vid, pid, e[i].bus, e[i].group);
		else
			snprintf(one, sizeof(one), "%s%s:%s", i ? ", " : "", vid, pid);
		strcat(targets, one);
	}
	if (same_ids)
		return fail(EXIT_NOT_FOR_DEVICE, "wrong-device",
			    "object targets %s, device is %04X:%04X (bus 0x%04X, group 0x%04X)", targets,
			    dev->vendor, dev->product, dev->bus, dev->group);
	return fail(EXIT_NOT_FOR_DEVICE, "wrong-device", "object targets %s, device is %04X:%04X",
		    targets, dev->vendor, dev->product);
}

/*
 * Which struct hid_bpf_ops members the object implements, read from the file
 * before anything is loaded: every function pointer set in HID_BPF_OPS() is a
 * relocation in .rel.struct_ops.link at the member's offset (clang emits one
 * per initialised pointer; libbpf reads the same to wire programs). Member
 * names come from the object's own BTF; libbpf matches them by name against
 * the kernel's struct hid_bpf_ops. Knowing this before load lets a conflict be
 * refused before the verifier runs, and spares a parse of the kernel BTF.
 */
static int object_members(const char *path, unsigned int *members)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec;
	Elf_Scn *scn = NULL, *rel = NULL;
	size_t shstrndx, ops_idx = 0;
	struct btf *btf = NULL;
	Elf *elf = NULL;
	Elf_Data *data;
	GElf_Shdr sh;
	int fd, i, n, ret = -1;

	*members = 0;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(EXIT_INTERNAL, "internal", "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail_errno(errno, EXIT_BAD_OBJECT, "invalid-object", "cannot open %s", path);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		fail(EXIT_BAD_OBJECT, "invalid-object", "%s is not an ELF object", path);
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".struct_ops.link"))
			ops_idx = elf_ndxscn(scn);
		else if (name && !strcmp(name, ".rel.struct_ops.link") && sh.sh_type == SHT_REL)
			rel = scn;
	}
	if (!ops_idx || !rel) {
		ret = 0;	/* no link-based struct_ops: reported after open */
		goto out;
	}
	btf = btf__parse_elf(path, NULL);
	i = btf ? btf__find_by_name_kind(btf, ".struct_ops.link", BTF_KIND_DATASEC) : -1;
	if (i < 0) {
		fail(EXIT_BAD_OBJECT, "invalid-object", "%s has no BTF for .struct_ops.link", path);
		goto out;
	}
	sec = btf__type_by_id(btf, i);
	data = elf_getdata(rel, NULL);
	gelf_getshdr(rel, &sh);
	n = sh.sh_entsize ? (int)(sh.sh_size / sh.sh_entsize) : 0;
	for (i = 0; data && i < n; i++) {
		GElf_Rel r;
		int k;

		if (!gelf_getrel(data, i, &r))
			continue;
		vsi = btf_var_secinfos(sec);
		for (k = 0; k < btf_vlen(sec); k++, vsi++) {
			const struct btf_type *var = btf__type_by_id(btf, vsi->type), *st;
			const struct btf_member *m;
			int mi;

			if (r.r_offset < vsi->offset || r.r_offset >= vsi->offset + vsi->size)
				continue;
			st = btf__type_by_id(btf, btf__resolve_type(btf, var->type));
			if (!st || !btf_is_struct(st) ||
			    strcmp(btf__name_by_offset(btf, st->name_off), "hid_bpf_ops"))
				continue;
			m = btf_members(st);
			for (mi = 0; mi < btf_vlen(st); mi++, m++)
				if (btf_member_bit_offset(st, mi) / 8 == r.r_offset - vsi->offset)
					*members |= member_flag(btf__name_by_offset(btf, m->name_off));
		}
	}
	ret = 0;
out:
	btf__free(btf);
	if (elf)
		elf_end(elf);
	close(fd);
	return ret;
}

/* Does the device have pinned fixes other than `self`? */
static bool other_objects_pinned(const char *bpffs_dev, const char *self)
{
	char dir[PATH_MAX];
	struct dirent *de;
	bool found = false;
	DIR *d;

	snprintf(dir, sizeof(dir), BPFFS_HID_ROOT "/%s", bpffs_dev);
	d = opendir(dir);
	while (d && !found && (de = readdir(d)))
		found = de->d_name[0] != '.' && strcmp(de->d_name, self);
	if (d)
		closedir(d);
	return found;
}

/* "dir/0010-Foo__Bar.bpf.o" -> "0010-Foo__Bar_bpf" (udev-hid-bpf get_bpffs_path) */
static int object_dir_name(const char *arg, char *out, size_t n)
{
	const char *base = strrchr(arg, '/');
	size_t len, i;

	base = base ? base + 1 : arg;
	len = strlen(base);
	if (len > 2 && !strcmp(base + len - 2, ".o"))
		len -= 2;
	if (!len || len >= n || len > NAME_MAX_BPFFS)
		return fail(EXIT_USAGE, "usage", "object name '%s' is empty or too long", base);
	for (i = 0; i < len; i++) {
		char c = base[i];

		if (c == ':' || c == '.')
			c = '_';
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '+'))
			return fail(EXIT_USAGE, "usage",
				    "object name '%s' has a character bpffs names cannot hold ('%c'); use [A-Za-z0-9_+-.:]",
				    base, base[i]);
		out[i] = c;
	}
	out[i] = '\0';
	return 0;
}

static bool is_hid_bpf_ops_map(const struct bpf_object *obj, const struct bpf_map *map)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t;

	if (bpf_map__type(map) != BPF_MAP_TYPE_STRUCT_OPS || !btf)
		return false;
	t = btf__type_by_id(btf, bpf_map__btf_value_type_id(map));
	return t && !strcmp(btf__name_by_offset(btf, t->name_off), "hid_bpf_ops");
}

/* offset of hid_bpf_ops.hid_id in the object's own (local) layout */
static int local_hid_id_offset(const struct bpf_object *obj, const struct bpf_map *map)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t = btf__type_by_id(btf, bpf_map__btf_value_type_id(map));
	const struct btf_member *m = btf_members(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), "hid_id"))
			return btf_member_bit_offset(t, i) / 8;
	return -1;
}

/* ------------------------------------------------------------------ */
/* waiting for the kernel                                              */

static bool device_bound(const char *syspath)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/driver", syspath);
	return access(path, F_OK) == 0;
}

/*
 * Releasing a pinned link is deferred in the kernel (bpf_link_put() queues
 * the free), so "unlinked" is not yet "detached": wait until the link id is
 * gone. Then an rdesc fixup's removal re-probes the device.
 */
static void wait_links_gone(const __u32 *ids, int n)
{
	double deadline = now_ms() + RECONNECT_TIMEOUT_MS;
	int i, fd;

	for (i = 0; i < n; i++) {
		while (now_ms() < deadline) {
			fd = bpf_link_get_fd_by_id(ids[i]);
			if (fd < 0)
				break;
			close(fd);
			sleep_ms(2);
		}
	}
}

static void wait_rdesc_change(const struct hid_dev *dev, const unsigned char *old, int old_n)
{
	unsigned char cur[HID_MAX_DESCRIPTOR_SIZE];
	double deadline = now_ms() + RECONNECT_TIMEOUT_MS;
	int n;

	while (now_ms() < deadline) {
		n = hid_dev_read_rdesc(dev, cur, sizeof(cur));
		g_fail.code = NULL;	/* transient read errors while re-probing */
		if (n > 0 && (n != old_n || memcmp(cur, old, n)) && device_bound(dev->syspath))
			return;
		sleep_ms(2);
	}
}

static void wait_bound(const char *syspath)
{
	double deadline = now_ms() + RECONNECT_TIMEOUT_MS;

	while (!device_bound(syspath) && now_ms() < deadline)
		sleep_ms(2);
}

/* ------------------------------------------------------------------ */
/* detach                                                              */

struct detach_result {
	unsigned int members;
	double wait_ms;		/* link release + re-probe, after the unlink */
	__u32 link_ids[32];
	int nr_links;
};

static void inspect_object_dir(const char *dir, const struct kernel_btf *kb,
			       struct detach_result *r)
{
	char pin[PATH_MAX + NAME_MAX + 2];
	struct pin_info info;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(pin, sizeof(pin), "%s/%s", dir, de->d_name);
		if (pin_inspect(pin, kb, &info) < 0 || strcmp(info.kind, "link"))
			continue;
		r->members |= info.members;
		if (r->nr_links < 32)
			r->link_ids[r->nr_links++] = info.id;
	}
	closedir(d);
}

/*
 * Remove one object dir, wait until its links are released and, if it had an
 * rdesc fixup on a present device, until the device is re-probed.
 */
static int detach_object(const char *bpffs_dev, const char *obj, const struct hid_dev *dev,
			 const struct kernel_btf *kb, struct json *pins, struct detach_result *r)
{
	unsigned char before[HID_MAX_DESCRIPTOR_SIZE];
	char dir[PATH_MAX];
	int before_n = -1;
	double t;

	snprintf(dir, sizeof(dir), BPFFS_HID_ROOT "/%s/%s", bpffs_dev, obj);
	inspect_object_dir(dir, kb, r);
	if (dev && (r->members & MEMBER_RDESC_FIXUP))
		before_n = hid_dev_read_rdesc(dev, before, sizeof(before));
	if (remove_object_dir(dir, pins) < 0)
		return -1;
	t = now_ms();
	wait_links_gone(r->link_ids, r->nr_links);
	if (before_n > 0)
		wait_rdesc_change(dev, before, before_n);
	r->wait_ms += now_ms() - t;
	return 0;
}

static int cmd_detach(int argc, char **argv, struct json *j)
{
	char sysname[32], bpffs_dev[32], obj[NAME_MAX + 1], dir[PATH_MAX];
	struct detach_result total = {};
	struct kernel_btf *kb;
	struct hid_dev dev, *devp = NULL;
	const char *base;
	double t0 = now_ms(), t_btf;

	if (argc < 3 || argc > 4)
		return fail(EXIT_USAGE, "usage", "usage: hidfix-loader detach <hid device> [<object>]");

	/* the device may be gone already: accept its name when the path is dead */
	if (hid_dev_open(argv[2], &dev) == 0) {
		devp = &dev;
		snprintf(sysname, sizeof(sysname), "%s", dev.sysname);
	} else {
		base = strrchr(argv[2], '/');
		base = base ? base + 1 : argv[2];
		if (!valid_sysname(base))
			return -1;	/* keep hid_dev_open's failure */
		memset(&g_fail, 0, sizeof(g_fail));
		snprintf(sysname, sizeof(sysname), "%s", base);
	}
	sysname_to_bpffs(sysname, bpffs_dev, sizeof(bpffs_dev));

	/*
	 * Kernel BTF only tells whether a removed fix had an rdesc fixup, i.e.
	 * whether to wait for the re-probe: pointless when the device is gone.
	 */
	t_btf = now_ms();
	kb = devp ? kernel_btf_load() : NULL;
	t_btf = now_ms() - t_btf;
	memset(&g_fail, 0, sizeof(g_fail));

	json_str(j, "device", sysname);
	json_bool(j, "devicePresent", devp != NULL);
	json_arr_begin(j, "objects");
	if (argc == 4) {
		if (object_dir_name(argv[3], obj, sizeof(obj)) < 0)
			goto err;
		snprintf(dir, sizeof(dir), BPFFS_HID_ROOT "/%s/%s", bpffs_dev, obj);
		if (access(dir, F_OK) < 0) {
			fail(EXIT_NOT_ATTACHED, "not-attached",
			     "%s is not attached to %s (no %s); `hidfix-loader list` shows what is", obj,
			     sysname, dir);
			goto err;
		}
		json_str(j, NULL, obj);
		json_arr_end(j);
		json_arr_begin(j, "pins");
		if (detach_object(bpffs_dev, obj, devp, kb, j, &total) < 0)
			goto err;
		json_arr_end(j);
	} else {
		char names[32][NAME_MAX + 1];
		struct dirent *de;
		int n = 0, i;
		DIR *d;

		snprintf(dir, sizeof(dir), BPFFS_HID_ROOT "/%s", bpffs_dev);
		d = opendir(dir);
		if (!d) {
			fail(EXIT_NOT_ATTACHED, "not-attached", "no HID-BPF fix is attached to %s (no %s)",
			     sysname, dir);
			goto err;
		}
		while ((de = readdir(d)) && n < 32)
			if (de->d_name[0] != '.')
				snprintf(names[n++], sizeof(names[0]), "%s", de->d_name);
		closedir(d);
		for (i = 0; i < n; i++)
			json_str(j, NULL, names[i]);
		json_arr_end(j);
		json_arr_begin(j, "pins");
		for (i = 0; i < n; i++) {
			struct detach_result r = {};

			if (detach_object(bpffs_dev, names[i], devp, kb, j, &r) < 0)
				goto err;
			total.members |= r.members;
			total.wait_ms += r.wait_ms;
		}
		json_arr_end(j);
	}
	prune_device_dir(bpffs_dev);
	if (kb) {
		json_bool(j, "rdescFixupRemoved", total.members & MEMBER_RDESC_FIXUP);
		json_members(j, "members", total.members);
	} else {
		/* unknown without the kernel's struct_ops layout (device gone) */
		json_str(j, "rdescFixupRemoved", NULL);
		json_str(j, "members", NULL);
	}
	json_obj_begin(j, "timings");
	json_double(j, "kernelBtfMs", t_btf);
	json_double(j, "waitMs", total.wait_ms);
	json_double(j, "totalMs", now_ms() - t0);
	json_obj_end(j);
	kernel_btf_free(kb);
	return 0;
err:
	kernel_btf_free(kb);
	return -1;
}

/* ------------------------------------------------------------------ */
/* attach                                                              */

static struct kernel_btf *load_kernel_btf_timed(double *ms)
{
	double t = now_ms();
	struct kernel_btf *kb = kernel_btf_load();

	*ms += now_ms() - t;
	return kb;
}

static int run_probe(struct bpf_object *obj, const struct hid_dev *dev, const char *obj_name,
		     int *rdesc_size)
{
	/* struct hid_bpf_probe_args (bpf/include/hid_bpf.h, udev-hid-bpf's layout) */
	struct {
		__u32 hid;
		__u32 rdesc_size;
		__u8 rdesc[HID_MAX_DESCRIPTOR_SIZE];
		__s32 retval;
	} args = {};
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, "probe");
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args, .ctx_size_in = sizeof(args));
	int n;

	*rdesc_size = -1;
	if (!prog || bpf_program__type(prog) != BPF_PROG_TYPE_SYSCALL)
		return 0;	/* probe() is optional */

	n = hid_dev_read_rdesc(dev, args.rdesc, sizeof(args.rdesc));
	if (n < 0)
		return -1;
	*rdesc_size = n;
	args.hid = dev->hid_id;
	args.rdesc_size = n;
	args.retval = -1;	/* the program must set 0 to accept */

	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) < 0)
		return fail_errno(errno, EXIT_NOT_FOR_DEVICE, "probe-failed",
				  "running probe() of %s failed", obj_name);
	if (args.retval != 0)
		return fail(EXIT_NOT_FOR_DEVICE, "probe-rejected",
			    "probe() of %s rejected %s (its report descriptor, %d bytes, is not the one this fix is for: another interface, mode or firmware of the device; retval %d)",
			    obj_name, dev->sysname, n, args.retval);
	return 0;
}

static int mkdir_ok(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return fail_errno(errno, EXIT_KERNEL, "pin-failed", "cannot create %s", path);
	return 0;
}

static int cmd_attach(int argc, char **argv, struct json *j)
{
	char obj_path[PATH_MAX], obj_name[NAME_MAX + 1], dev_dir[PATH_MAX], obj_dir[PATH_MAX];
	char pin[PATH_MAX + NAME_MAX + 2], other[NAME_MAX + 1], prog_name[128] = "";
	struct bpf_link *links[MAX_OPS_MAPS] = {};
	struct bpf_map *ops_maps[MAX_OPS_MAPS];
	struct kernel_btf *kb = NULL;
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	struct bpf_map *map;
	struct hid_dev dev;
	unsigned int members = 0;
	bool replace = false, replaced = false, dir_created = false;
	double t0 = now_ms(), t_btf = 0, t_open0, t_open, t_load0, t_load, t_probe, t_attach, t_pin;
	int nr_ops = 0, i, err, rdesc_size = -1;
	struct stat st;
	const char *dev_arg = NULL, *obj_arg = NULL;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--replace"))
			replace = true;
		else if (argv[i][0] == '-')
			return fail(EXIT_USAGE, "usage", "unknown option %s", argv[i]);
		else if (!dev_arg)
			dev_arg = argv[i];
		else if (!obj_arg)
			obj_arg = argv[i];
		else
			return fail(EXIT_USAGE, "usage", "unexpected argument %s", argv[i]);
	}
	if (!dev_arg || !obj_arg)
		return fail(EXIT_USAGE, "usage",
			    "usage: hidfix-loader attach <hid device> <object.bpf.o> [--replace]");

	if (hid_dev_open(dev_arg, &dev) < 0)
		return -1;
	if (stat(obj_arg, &st) < 0)
		return fail_errno(errno, EXIT_BAD_OBJECT, "invalid-object", "cannot read object %s",
				  obj_arg);
	if (!S_ISREG(st.st_mode))
		return fail(EXIT_BAD_OBJECT, "invalid-object", "object %s is not a regular file",
			    obj_arg);
	if (st.st_size > MAX_OBJECT_SIZE)
		return fail(EXIT_BAD_OBJECT, "invalid-object", "object %s is larger than %u MiB",
			    obj_arg, MAX_OBJECT_SIZE >> 20);
	if (!realpath(obj_arg, obj_path))
		return fail_errno(errno, EXIT_BAD_OBJECT, "invalid-object", "cannot resolve %s",
				  obj_arg);
	if (object_dir_name(obj_path, obj_name, sizeof(obj_name)) < 0)
		return -1;

	json_str(j, "device", dev.sysname);
	json_int(j, "hidId", dev.hid_id);
	json_str(j, "object", obj_path);
	json_str(j, "name", obj_name);

	if (!bpffs_mounted())
		return fail(EXIT_KERNEL, "bpffs-not-mounted",
			    "bpffs is not mounted at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf): fixes are kept alive by pins there");
	/* 1. the object must declare this device */
	if (check_device_match(obj_path, &dev, obj_name) < 0)
		goto err;
	if (object_members(obj_path, &members) < 0)
		goto err;
	json_members(j, "members", members);
	json_bool(j, "rdescFixup", members & MEMBER_RDESC_FIXUP);

	snprintf(dev_dir, sizeof(dev_dir), BPFFS_HID_ROOT "/%s", dev.bpffs_name);
	snprintf(obj_dir, sizeof(obj_dir), "%s/%s", dev_dir, obj_name);
	if (access(obj_dir, F_OK) == 0) {
		struct detach_result r = {};

		if (!replace) {
			fail(EXIT_CONFLICT, "already-attached",
			     "%s is already attached to %s (%s); detach it first or pass --replace",
			     obj_name, dev.sysname, obj_dir);
			goto err;
		}
		/* kernel BTF tells whether the old one had an rdesc fixup to wait for */
		if (!kb && !(kb = load_kernel_btf_timed(&t_btf)))
			goto err;
		json_arr_begin(j, "replacedPins");
		if (detach_object(dev.bpffs_name, obj_name, &dev, kb, j, &r) < 0)
			goto err;
		json_arr_end(j);
		replaced = true;
	}

	/*
	 * 2. one hid_rdesc_fixup per device (the kernel says only EINVAL):
	 * refused before the verifier runs. Reading what the pinned fixes
	 * implement needs the kernel's struct_ops layout, i.e. its BTF.
	 */
	if ((members & MEMBER_RDESC_FIXUP) && other_objects_pinned(dev.bpffs_name, obj_name)) {
		if (!kb && !(kb = load_kernel_btf_timed(&t_btf)))
			goto err;
		if (find_rdesc_fixup(dev.bpffs_name, kb, obj_name, other, sizeof(other))) {
			fail(EXIT_CONFLICT, "rdesc-conflict",
			     "device already has a descriptor fix (%s); a device takes one report-descriptor fix at a time: detach it first (hidfix-loader detach %s %s)",
			     other, dev.sysname, other);
			goto err;
		}
	}

	/* 3. open, set hid_id in every struct hid_bpf_ops before load */
	t_open0 = now_ms();
	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj) {
		fail_errno(errno, EXIT_BAD_OBJECT, "invalid-object",
			   "%s is not a loadable BPF object", obj_path);
		goto err;
	}
	t_open = now_ms();
	bpf_object__for_each_map(map, obj) {
		size_t sz;
		char *data;
		int off;

		if (!is_hid_bpf_ops_map(obj, map))
			continue;
		if (nr_ops == MAX_OPS_MAPS) {
			fail(EXIT_BAD_OBJECT, "invalid-object", "%s has more than %d struct hid_bpf_ops",
			     obj_name, MAX_OPS_MAPS);
			goto err;
		}
		data = bpf_map__initial_value(map, &sz);
		off = local_hid_id_offset(obj, map);
		if (!data || off < 0 || (size_t)off + 4 > sz) {
			fail(EXIT_BAD_OBJECT, "invalid-object",
			     "struct hid_bpf_ops %s in %s has no writable hid_id (libbpf >= 1.4 needed)",
			     bpf_map__name(map), obj_name);
			goto err;
		}
		memcpy(data + off, &dev.hid_id, 4);
		ops_maps[nr_ops++] = map;
	}
	if (!nr_ops) {
		bool legacy = false;

		bpf_object__for_each_program(prog, obj)
			if (!strncmp(bpf_program__section_name(prog), "fmod_ret/hid_bpf_", 17))
				legacy = true;
		fail(EXIT_BAD_OBJECT, "invalid-object",
		     legacy ? "%s only has legacy HID-BPF tracing programs (kernels 6.3-6.10); this loader needs a struct_ops build (HID_BPF_OPS)"
			    : "%s has no struct hid_bpf_ops (declare one with HID_BPF_OPS)",
		     obj_name);
		goto err;
	}

	/* 4. load: every program goes through the verifier here */
	t_load0 = now_ms();
	err = bpf_object__load(obj);
	t_load = now_ms();
	if (err) {
		g_fail.verifier_log = extract_verifier_log(prog_name, sizeof(prog_name));
		if (g_fail.verifier_log) {
			char reason[512];

			verifier_reason(g_fail.verifier_log, reason, sizeof(reason));
			fail(EXIT_VERIFIER, "verifier-rejected",
			     "the kernel verifier rejected program '%s' of %s: %s (full log in detail.verifierLog)",
			     prog_name, obj_name, reason);
		} else if (kb || (kb = load_kernel_btf_timed(&t_btf))) {
			/* the kernel has struct_ops HID-BPF: something else went wrong */
			fail_errno(-err, EXIT_KERNEL, "load-failed",
				   "the kernel refused to load %s (see detail.libbpfLog)", obj_name);
		}	/* else: kernel_btf_load() recorded what the kernel lacks */
		goto err;
	}

	/* 5. probe() with the live report descriptor */
	if (run_probe(obj, &dev, obj_name, &rdesc_size) < 0)
		goto err;
	t_probe = now_ms();
	json_int(j, "probedRdescSize", rdesc_size);

	/* 6. attach */
	for (i = 0; i < nr_ops; i++) {
		links[i] = bpf_map__attach_struct_ops(ops_maps[i]);
		if (!links[i]) {
			int e = errno;

			if (e == EINVAL && (members & MEMBER_RDESC_FIXUP))
				fail(EXIT_CONFLICT, "rdesc-conflict",
				     "the kernel refused %s on %s (EINVAL): the device most likely already has a report-descriptor fix that is not pinned in bpffs",
				     obj_name, dev.sysname);
			else
				fail_errno(e, EXIT_KERNEL, "attach-failed", "attaching %s to %s failed",
					   bpf_map__name(ops_maps[i]), dev.sysname);
			goto err;
		}
	}
	t_attach = now_ms();

	/* 7. pin: only now does the object dir appear */
	if (mkdir_ok("/sys/fs/bpf/hid") < 0 || mkdir_ok(dev_dir) < 0)
		goto err;
	if (mkdir(obj_dir, 0755) < 0) {
		fail_errno(errno, EXIT_KERNEL, "pin-failed", "cannot create %s", obj_dir);
		goto err;
	}
	dir_created = true;
	json_str(j, "pinDir", obj_dir);
	json_arr_begin(j, "pins");
	for (i = 0; i < nr_ops; i++) {
		snprintf(pin, sizeof(pin), "%s/%s", obj_dir, bpf_map__name(ops_maps[i]));
		err = bpf_link__pin(links[i], pin);
		if (err) {
			fail_errno(-err, EXIT_KERNEL, "pin-failed", "cannot pin %s", pin);
			goto err;
		}
		json_str(j, NULL, pin);
	}
	/* named (non-internal) maps too, like udev-hid-bpf: tools read them */
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS || strchr(bpf_map__name(map), '.'))
			continue;
		snprintf(pin, sizeof(pin), "%s/%s", obj_dir, bpf_map__name(map));
		err = bpf_map__pin(map, pin);
		if (err) {
			fail_errno(-err, EXIT_KERNEL, "pin-failed", "cannot pin map %s", pin);
			goto err;
		}
		json_str(j, NULL, pin);
	}
	json_arr_end(j);

	for (i = 0; i < nr_ops; i++) {
		bpf_link__disconnect(links[i]);	/* the pin keeps it attached */
		bpf_link__destroy(links[i]);
		links[i] = NULL;
	}
	bpf_object__close(obj);
	obj = NULL;
	t_pin = now_ms();

	/* an rdesc fixup re-probes the device: return once it is bound again */
	if (members & MEMBER_RDESC_FIXUP)
		wait_bound(dev.syspath);

	json_bool(j, "replaced", replaced);
	json_obj_begin(j, "timings");
	json_double(j, "kernelBtfMs", t_btf);
	/* checks (device, config, members, conflicts; includes kernelBtfMs) */
	json_double(j, "checksMs", t_open0 - t0);
	json_double(j, "openMs", t_open - t_open0);
	json_double(j, "loadMs", t_load - t_load0);	/* the verifier and libbpf's CO-RE/BTF work */
	json_double(j, "probeMs", t_probe - t_load);
	json_double(j, "attachMs", t_attach - t_probe);
	json_double(j, "pinMs", t_pin - t_attach);
	json_double(j, "reprobeWaitMs", now_ms() - t_pin);
	json_double(j, "totalMs", now_ms() - t0);
	json_obj_end(j);
	kernel_btf_free(kb);
	return 0;

err:
	if (dir_created) {
		/* remove what was pinned; unpinned links detach on destroy below */
		remove_object_dir(obj_dir, NULL);
		prune_device_dir(dev.bpffs_name);
	}
	for (i = 0; i < MAX_OPS_MAPS; i++)
		bpf_link__destroy(links[i]);
	bpf_object__close(obj);
	kernel_btf_free(kb);
	return -1;
}

/* ------------------------------------------------------------------ */
/* list                                                                */

static void list_object(struct json *j, const char *dev_dir, const char *name,
			const struct kernel_btf *kb)
{
	char dir[PATH_MAX], pin[PATH_MAX + NAME_MAX + 2];
	unsigned int members = 0;
	struct pin_info info;
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", dev_dir, name);
	json_obj_begin(j, NULL);
	json_str(j, "name", name);
	json_str(j, "path", dir);
	json_arr_begin(j, "pins");
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(pin, sizeof(pin), "%s/%s", dir, de->d_name);
		pin_inspect(pin, kb, &info);
		members |= info.members;
		json_obj_begin(j, NULL);
		json_str(j, "name", info.name);
		json_str(j, "kind", info.kind);
		json_int(j, "id", info.id);
		if (!strcmp(info.kind, "link")) {
			json_str(j, "linkType", info.link_type);
			if (info.map_id)
				json_int(j, "mapId", info.map_id);
			if (info.hid_id >= 0)
				json_int(j, "hidId", info.hid_id);
			json_members(j, "members", info.members);
		}
		json_obj_end(j);
	}
	if (d)
		closedir(d);
	json_arr_end(j);
	json_members(j, "members", members);
	json_bool(j, "rdescFixup", members & MEMBER_RDESC_FIXUP);
	json_obj_end(j);
}

static int cmd_list(int argc, char **argv, struct json *j)
{
	struct kernel_btf *kb;
	struct dirent *de, *oe;
	DIR *d, *od;

	if (argc != 2)
		return fail(EXIT_USAGE, "usage", "usage: hidfix-loader list");
	if (!bpffs_mounted())
		return fail(EXIT_KERNEL, "bpffs-not-mounted",
			    "bpffs is not mounted at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)");
	kb = kernel_btf_load();	/* without it pins are listed, members unknown */
	memset(&g_fail, 0, sizeof(g_fail));

	json_arr_begin(j, "devices");
	d = opendir(BPFFS_HID_ROOT);
	while (d && (de = readdir(d))) {
		char dev_dir[PATH_MAX], sysname[64], sys[PATH_MAX];
		bool named;

		if (de->d_name[0] == '.')
			continue;
		snprintf(dev_dir, sizeof(dev_dir), BPFFS_HID_ROOT "/%s", de->d_name);
		named = bpffs_to_sysname(de->d_name, sysname, sizeof(sysname));
		json_obj_begin(j, NULL);
		json_str(j, "bpffsName", de->d_name);
		json_str(j, "device", named ? sysname : NULL);
		if (named)
			snprintf(sys, sizeof(sys), SYS_HID_DEVICES "/%s", sysname);
		/* pins outlive an unplugged device: say so, the caller cleans up */
		json_bool(j, "present", named && access(sys, F_OK) == 0);
		json_arr_begin(j, "objects");
		od = opendir(dev_dir);
		while (od && (oe = readdir(od)))
			if (oe->d_name[0] != '.')
				list_object(j, dev_dir, oe->d_name, kb);
		if (od)
			closedir(od);
		json_arr_end(j);
		json_obj_end(j);
	}
	if (d)
		closedir(d);
	json_arr_end(j);
	kernel_btf_free(kb);
	return 0;
}

/* ------------------------------------------------------------------ */
/* check                                                               */

/* CAP_BPF (39) and CAP_SYS_ADMIN (21) in CapEff of /proc/self/status */
static bool have_caps(char *missing, size_t n)
{
	char line[256];
	unsigned long long eff = 0;
	FILE *f = fopen("/proc/self/status", "re");

	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "CapEff: %llx", &eff) == 1)
				break;
		fclose(f);
	}
	missing[0] = '\0';
	if (!(eff & (1ULL << 21)))
		snprintf(missing + strlen(missing), n - strlen(missing), "CAP_SYS_ADMIN ");
	if (!(eff & (1ULL << 39)) && !(eff & (1ULL << 21)))
		snprintf(missing + strlen(missing), n - strlen(missing), "CAP_BPF ");
	return missing[0] == '\0';
}

static int cmd_check(int argc, char **argv, struct json *j)
{
	struct kernel_btf *kb;
	struct utsname u;
	char caps[64];
	bool btf, ops, bpffs, priv;
	const char *first_code = NULL;
	char first_message[sizeof(g_fail.message)] = "";
	int first_exit = 0;

	if (argc != 2)
		return fail(EXIT_USAGE, "usage", "usage: hidfix-loader check");
	uname(&u);
	json_str(j, "kernel", u.release);
	json_arr_begin(j, "missing");

	btf = access("/sys/kernel/btf/vmlinux", R_OK) == 0;
	kb = kernel_btf_load();
	ops = kb != NULL;
	if (!ops) {
		json_obj_begin(j, NULL);
		json_str(j, "code", g_fail.code);
		json_str(j, "message", g_fail.message);
		json_obj_end(j);
		first_code = g_fail.code;
		first_exit = g_fail.exit_code;
		snprintf(first_message, sizeof(first_message), "%s", g_fail.message);
	}
	memset(&g_fail, 0, sizeof(g_fail));

	bpffs = bpffs_mounted();
	if (!bpffs) {
		json_obj_begin(j, NULL);
		json_str(j, "code", "bpffs-not-mounted");
		json_str(j, "message",
			 "bpffs is not mounted at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)");
		json_obj_end(j);
		if (!first_code) {
			first_code = "bpffs-not-mounted";
			first_exit = EXIT_KERNEL;
			snprintf(first_message, sizeof(first_message),
				 "bpffs is not mounted at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)");
		}
	}
	priv = have_caps(caps, sizeof(caps));
	if (!priv) {
		json_obj_begin(j, NULL);
		json_str(j, "code", "permission-denied");
		json_str(j, "message", "missing capabilities: run hidfix-loader as root");
		json_str(j, "capabilities", caps);
		json_obj_end(j);
		if (!first_code) {
			first_code = "permission-denied";
			first_exit = EXIT_PERMISSION;
			snprintf(first_message, sizeof(first_message),
				 "missing capabilities (%s): run hidfix-loader as root", caps);
		}
	}
	json_arr_end(j);
	json_obj_begin(j, "checks");
	json_bool(j, "btf", btf);
	json_bool(j, "hidBpfStructOps", ops);
	json_bool(j, "bpffs", bpffs);
	json_bool(j, "privileges", priv);
	json_obj_end(j);
	kernel_btf_free(kb);

	if (first_code) {
		/* the document printed is the check report itself, with ok:false */
		g_fail.code = first_code;
		g_fail.exit_code = first_exit;
		snprintf(g_fail.message, sizeof(g_fail.message), "%s", first_message);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	struct json body, out;
	int ret;

	g_verbose = getenv("HIDFIX_LOADER_VERBOSE") && !strcmp(getenv("HIDFIX_LOADER_VERBOSE"), "1");
	libbpf_set_print(libbpf_print);

	/* commands write their members into body; main wraps them */
	json_init(&body);
	if (!strcmp(cmd, "attach"))
		ret = cmd_attach(argc, argv, &body);
	else if (!strcmp(cmd, "detach"))
		ret = cmd_detach(argc, argv, &body);
	else if (!strcmp(cmd, "list"))
		ret = cmd_list(argc, argv, &body);
	else if (!strcmp(cmd, "check"))
		ret = cmd_check(argc, argv, &body);
	else
		ret = fail(EXIT_USAGE, "usage",
			   "usage: hidfix-loader attach <hid device> <object.bpf.o> [--replace] | detach <hid device> [<object>] | list | check");

	if (ret < 0) {
		json_free(&body);
		emit_failure(cmd);
		return g_fail.exit_code ? g_fail.exit_code : EXIT_INTERNAL;
	}

	json_init(&out);
	json_obj_begin(&out, NULL);
	json_bool(&out, "ok", ret == 0);
	json_str(&out, "command", cmd);
	if (ret == 1) {
		/* check found something missing: the report itself, with ok:false */
		json_str(&out, "code", g_fail.code);
		json_str(&out, "message", g_fail.message);
	}
	if (body.len) {
		json_raw(&out, body.buf);
	}
	json_obj_end(&out);
	json_print(&out);
	json_free(&out);
	json_free(&body);
	return ret == 1 ? g_fail.exit_code : EXIT_OK;
}
