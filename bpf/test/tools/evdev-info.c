// SPDX-License-Identifier: GPL-2.0-only
/*
 * evdev-info: what an evdev node advertises, as one JSON object.
 *
 *   evdev-info /dev/input/event3
 *   {"name":"…","keys":[272,273],"abs":{"0":{"min":0,"max":32767,"resolution":204},…}}
 *
 * Kernel tests are written in Node, which has no ioctl(); resolutions (EVIOCGABS) and key
 * capabilities (EVIOCGBIT) are what a descriptor fix changes for userspace without any event.
 * Exit status: 0 ok, 1 an ioctl failed (message on stderr), 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/input.h>

#define NBITS(x) ((((x) - 1) / (8 * sizeof(long))) + 1)
#define TEST_BIT(bit, array) ((array[(bit) / (8 * sizeof(long))] >> ((bit) % (8 * sizeof(long)))) & 1)

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "evdev-info: %s on %s: %s\n", what, path, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long keys[NBITS(KEY_CNT)] = { 0 }, abs[NBITS(ABS_CNT)] = { 0 };
	char name[256] = "";
	struct input_absinfo ai;
	int fd, i, first = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: evdev-info /dev/input/eventN\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail("open", argv[1]);
	if (ioctl(fd, EVIOCGNAME(sizeof(name) - 1), name) < 0)
		return fail("EVIOCGNAME", argv[1]);
	if (ioctl(fd, EVIOCGBIT(EV_KEY, sizeof(keys)), keys) < 0)
		return fail("EVIOCGBIT(EV_KEY)", argv[1]);
	if (ioctl(fd, EVIOCGBIT(EV_ABS, sizeof(abs)), abs) < 0)
		return fail("EVIOCGBIT(EV_ABS)", argv[1]);

	printf("{\"name\":\"");
	for (i = 0; name[i]; i++)
		printf(name[i] == '"' || name[i] == '\\' ? "\\%c" : "%c", name[i]);
	printf("\",\"keys\":[");
	for (i = 0; i < KEY_CNT; i++)
		if (TEST_BIT(i, keys)) {
			printf("%s%d", first ? "" : ",", i);
			first = 0;
		}
	printf("],\"abs\":{");
	first = 1;
	for (i = 0; i < ABS_CNT; i++) {
		if (!TEST_BIT(i, abs))
			continue;
		if (ioctl(fd, EVIOCGABS(i), &ai) < 0)
			return fail("EVIOCGABS", argv[1]);
		printf("%s\"%d\":{\"min\":%d,\"max\":%d,\"resolution\":%d}", first ? "" : ",", i,
		       ai.minimum, ai.maximum, ai.resolution);
		first = 0;
	}
	printf("}}\n");
	close(fd);
	return 0;
}
