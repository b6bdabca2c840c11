// SPDX-License-Identifier: GPL-2.0-only
/*
 * HID devices in sysfs: strict validation of the device argument, ids from
 * the sysname and MODALIAS, the live report descriptor.
 */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool is_uhex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

/*
 * "BBBB:VVVV:PPPP.NNNN" as printed by hid-core (drivers/hid/hid-core.c
 * hid_add_device(): "%04X:%04X:%04X.%04X", the last part grows past 4 digits
 * after 65535 devices). Upper-case hex only.
 */
bool valid_sysname(const char *s)
{
	size_t len = strlen(s), i;

	if (len < 19 || len > 23)
		return false;
	for (i = 0; i < len; i++) {
		if (i == 4 || i == 9) {
			if (s[i] != ':')
				return false;
		} else if (i == 14) {
			if (s[i] != '.')
				return false;
		} else if (!is_uhex(s[i])) {
			return false;
		}
	}
	return true;
}

void sysname_to_bpffs(const char *sysname, char *out, size_t n)
{
	size_t i;

	for (i = 0; sysname[i] && i + 1 < n; i++)
		out[i] = (sysname[i] == ':' || sysname[i] == '.') ? '_' : sysname[i];
	out[i] = '\0';
}

/* Inverse of the above for names that look like a HID sysname. */
bool bpffs_to_sysname(const char *bpffs, char *out, size_t n)
{
	size_t len = strlen(bpffs), i;

	if (len + 1 > n || len < 19)
		return false;
	for (i = 0; i <= len; i++)
		out[i] = bpffs[i];
	if (out[4] != '_' || out[9] != '_' || out[14] != '_')
		return false;
	out[4] = ':';
	out[9] = ':';
	out[14] = '.';
	return valid_sysname(out);
}

static int read_small_file(const char *path, char *buf, size_t cap)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Accepts "/sys/bus/hid/devices/<sysname>", any path that resolves to a HID
 * device under /sys/devices, or a bare sysname. Everything else is refused:
 * the path ends up in bpffs names and the hid_id we attach to.
 */
int hid_dev_open(const char *arg, struct hid_dev *dev)
{
	char path[PATH_MAX], subsys[PATH_MAX], uevent[4096];
	const char *base, *line;

	memset(dev, 0, sizeof(*dev));
	if (!arg[0] || strlen(arg) >= sizeof(path) - 32)
		return fail(EXIT_USAGE, "usage", "device argument is empty or too long");

	if (!strchr(arg, '/')) {
		if (!valid_sysname(arg))
			return fail(EXIT_USAGE, "usage",
				    "'%s' is not a HID device name (expected BBBB:VVVV:PPPP.NNNN) nor a sysfs path",
				    arg);
		snprintf(path, sizeof(path), SYS_HID_DEVICES "/%s", arg);
	} else {
		snprintf(path, sizeof(path), "%s", arg);
	}

	if (!realpath(path, dev->syspath))
		return fail_errno(errno, EXIT_BAD_DEVICE, "no-such-device",
				  "HID device %s does not exist (unplugged, or re-created with a new number?)",
				  arg);
	if (!starts_with(dev->syspath, "/sys/devices/"))
		return fail(EXIT_BAD_DEVICE, "not-a-hid-device",
			    "%s resolves to %s, outside /sys/devices: not a HID device", arg,
			    dev->syspath);

	base = strrchr(dev->syspath, '/') + 1;
	if (!valid_sysname(base))
		return fail(EXIT_BAD_DEVICE, "not-a-hid-device",
			    "%s is not a HID device (its name is not BBBB:VVVV:PPPP.NNNN)", dev->syspath);

	snprintf(path, sizeof(path), "%s/subsystem", dev->syspath);
	if (!realpath(path, subsys) || strcmp(subsys, "/sys/bus/hid") != 0)
		return fail(EXIT_BAD_DEVICE, "not-a-hid-device",
			    "%s is not on the hid bus", dev->syspath);

	snprintf(dev->sysname, sizeof(dev->sysname), "%s", base);
	sysname_to_bpffs(dev->sysname, dev->bpffs_name, sizeof(dev->bpffs_name));
	dev->hid_id = (uint32_t)strtoul(dev->sysname + 15, NULL, 16);

	/* MODALIAS=hid:b0003g0001v0000045Ep000000D1 (upper-case hex) */
	snprintf(path, sizeof(path), "%s/uevent", dev->syspath);
	if (read_small_file(path, uevent, sizeof(uevent)) < 0)
		return fail_errno(errno, EXIT_BAD_DEVICE, "no-such-device", "cannot read %s", path);
	line = strstr(uevent, "MODALIAS=hid:");
	if (!line || sscanf(line, "MODALIAS=hid:b%4xg%4xv%8xp%8x", &dev->bus, &dev->group,
			    &dev->vendor, &dev->product) != 4)
		return fail(EXIT_BAD_DEVICE, "not-a-hid-device", "%s has no HID MODALIAS", path);

	return 0;
}

int hid_dev_read_rdesc(const struct hid_dev *dev, unsigned char *buf, size_t cap)
{
	char path[PATH_MAX + 32];
	ssize_t n, total = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/report_descriptor", dev->syspath);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail_errno(errno, EXIT_BAD_DEVICE, "no-such-device", "cannot open %s", path);
	while ((size_t)total < cap) {
		n = read(fd, buf + total, cap - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return fail_errno(errno, EXIT_BAD_DEVICE, "no-such-device", "cannot read %s",
					  path);
		}
		if (n == 0)
			break;
		total += n;
	}
	close(fd);
	return (int)total;
}
