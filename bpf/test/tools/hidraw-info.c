// SPDX-License-Identifier: GPL-2.0-only
/*
 * hidraw-info: print what the kernel reports for a hidraw node, as one JSON object.
 *
 *   hidraw-info /dev/hidraw0 [--get-feature ID SIZE]
 *   {"name":"…","phys":"…","bustype":3,"vendor":4660,"product":22136,
 *    "rdescSize":52,"rdesc":"05010902…"[,"feature":"05…"]}
 *
 * Kernel tests are written in Node, which has no ioctl(); this is the one piece that needs it.
 * The report descriptor read through HIDIOCGRDESC is the one hidraw clients see, i.e. after any
 * HID-BPF rdesc fixup, so tests compare it with sysfs report_descriptor and the fixture bytes.
 * --get-feature reads feature report ID with HIDIOCGFEATURE (a GET_REPORT to the device; SIZE
 * includes the report ID byte) and prints what came back, so tests can exercise that path too.
 * Exit status: 0 ok, 1 an ioctl failed (message on stderr), 2 usage.
 */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/hidraw.h>

static void print_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "hidraw-info: %s on %s: %s\n", what, path, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct hidraw_report_descriptor rdesc;
	struct hidraw_devinfo info;
	char name[256] = "", phys[256] = "";
	unsigned char feature[4096];
	int fd, size, feature_len = -1;

	if (argc != 2 && !(argc == 5 && strcmp(argv[2], "--get-feature") == 0)) {
		fprintf(stderr, "usage: hidraw-info /dev/hidrawN [--get-feature ID SIZE]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail("open", argv[1]);

	if (ioctl(fd, HIDIOCGRDESCSIZE, &size) < 0)
		return fail("HIDIOCGRDESCSIZE", argv[1]);
	memset(&rdesc, 0, sizeof(rdesc));
	rdesc.size = size;
	if (ioctl(fd, HIDIOCGRDESC, &rdesc) < 0)
		return fail("HIDIOCGRDESC", argv[1]);
	if (ioctl(fd, HIDIOCGRAWINFO, &info) < 0)
		return fail("HIDIOCGRAWINFO", argv[1]);
	/* The name/phys ioctls return the length; leave one byte for the terminator. */
	if (ioctl(fd, HIDIOCGRAWNAME(sizeof(name) - 1), name) < 0)
		return fail("HIDIOCGRAWNAME", argv[1]);
	if (ioctl(fd, HIDIOCGRAWPHYS(sizeof(phys) - 1), phys) < 0)
		return fail("HIDIOCGRAWPHYS", argv[1]);
	if (argc == 5) {
		long id = strtol(argv[3], NULL, 0), len = strtol(argv[4], NULL, 0);

		if (id < 0 || id > 255 || len < 1 || len > (long)sizeof(feature)) {
			fprintf(stderr, "hidraw-info: bad --get-feature ID or SIZE\n");
			return 2;
		}
		memset(feature, 0, sizeof(feature));
		feature[0] = id;
		feature_len = ioctl(fd, HIDIOCGFEATURE(len), feature);
		if (feature_len < 0)
			return fail("HIDIOCGFEATURE", argv[1]);
	}
	close(fd);

	printf("{\"name\":");
	print_json_string(name);
	printf(",\"phys\":");
	print_json_string(phys);
	/* vendor/product are __s16 in the uapi struct; IDs are unsigned 16-bit. */
	printf(",\"bustype\":%u,\"vendor\":%u,\"product\":%u,\"rdescSize\":%d,\"rdesc\":\"",
	       info.bustype, (unsigned short)info.vendor, (unsigned short)info.product, size);
	for (int i = 0; i < size; i++)
		printf("%02x", rdesc.value[i]);
	printf("\"");
	if (feature_len >= 0) {
		printf(",\"feature\":\"");
		for (int i = 0; i < feature_len; i++)
			printf("%02x", feature[i]);
		printf("\"");
	}
	printf("}\n");
	return 0;
}
