// SPDX-License-Identifier: GPL-2.0-only
/*
 * uhid-emit: a uhid device that sends numbered reports at a fixed rate, for
 * capture tests (loss and order are checkable from the report bytes).
 *
 *   uhid-emit --rdesc FILE --id BUS:VID:PID [--name NAME] --template HEX
 *             [--seq BYTE:SHIFT:WIDTH]... --rate HZ --count N
 *
 * --template "11 00 01 00 00 00" is every report; each --seq field receives
 * the next WIDTH bits of the report number (least significant first), at bit
 * SHIFT of byte BYTE, so e.g. `--seq 1:3:5 --seq 3:0:8` puts a 13-bit counter
 * into the padding bits of byte 1 and into byte 3.
 *
 * Protocol: creates the device, prints {"created":true} once the kernel has
 * started it, waits for a line "go" on stdin, sends --count reports at --rate
 * with absolute deadlines (clock_nanosleep TIMER_ABSTIME on CLOCK_MONOTONIC:
 * jitter never accumulates; a wakeup more than one period late shifts the
 * schedule instead of bursting), prints
 *   {"sent":N,"elapsed_ns":T,"rate_hz":N/T,"paced_hz":N/(T-stalls),
 *    "stalls":K,"stall_ms":S,"max_late_us":L}
 * and destroys the device when stdin reaches EOF. Kernel GET/SET_REPORT
 * requests are answered with EIO so the kernel never waits on us.
 *
 * Why C: at 8 kHz a report is due every 125 us; under qemu TCG a Node timer
 * loop cannot hold that, a tight C loop can.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/uhid.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SEQ 8

struct seq_field {
	unsigned int byte, shift, width;
};

static int uhid_write(int fd, const struct uhid_event *ev)
{
	ssize_t n = write(fd, ev, sizeof(*ev));

	if (n < 0) {
		fprintf(stderr, "uhid-emit: write: %s\n", strerror(errno));
		return -1;
	}
	if ((size_t)n != sizeof(*ev)) {
		fprintf(stderr, "uhid-emit: short write\n");
		return -1;
	}
	return 0;
}

/* Drains pending kernel requests. Returns 1 once UHID_START was seen. */
static int handle_kernel(int fd, int *started)
{
	struct uhid_event ev, reply;

	for (;;) {
		ssize_t n = read(fd, &ev, sizeof(ev));

		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		if (n == 0)
			return -1;
		memset(&reply, 0, sizeof(reply));
		switch (ev.type) {
		case UHID_START:
			*started = 1;
			break;
		case UHID_GET_REPORT:
			reply.type = UHID_GET_REPORT_REPLY;
			reply.u.get_report_reply.id = ev.u.get_report.id;
			reply.u.get_report_reply.err = EIO;
			if (uhid_write(fd, &reply))
				return -1;
			break;
		case UHID_SET_REPORT:
			reply.type = UHID_SET_REPORT_REPLY;
			reply.u.set_report_reply.id = ev.u.set_report.id;
			reply.u.set_report_reply.err = EIO;
			if (uhid_write(fd, &reply))
				return -1;
			break;
		default:
			break;
		}
	}
}

static int parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (*s) {
		char *end;
		unsigned long v;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		v = strtoul(s, &end, 16);
		if (end == s || v > 0xff || n >= max)
			return -1;
		out[n++] = (uint8_t)v;
		s = end;
	}
	return (int)n;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int usage(void)
{
	fprintf(stderr, "usage: uhid-emit --rdesc FILE --id BUS:VID:PID [--name NAME] --template HEX "
			"[--seq BYTE:SHIFT:WIDTH]... --rate HZ --count N\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct uhid_event create, input;
	struct seq_field seq[MAX_SEQ];
	const char *rdesc_path = NULL, *name = "hidfix uhid-emit", *template = NULL;
	unsigned int bus = 0, vid = 0, pid = 0, nseq = 0, i;
	uint8_t report[UHID_DATA_MAX];
	int report_len = 0, started = 0, fd, rfd;
	double rate = 0;
	long count = 0;
	char line[64];

	for (i = 1; i < (unsigned int)argc; i++) {
		const char *a = argv[i], *v = i + 1 < (unsigned int)argc ? argv[i + 1] : NULL;

		if (!v)
			return usage();
		if (!strcmp(a, "--rdesc"))
			rdesc_path = v;
		else if (!strcmp(a, "--id")) {
			if (sscanf(v, "%x:%x:%x", &bus, &vid, &pid) != 3)
				return usage();
		} else if (!strcmp(a, "--name"))
			name = v;
		else if (!strcmp(a, "--template"))
			template = v;
		else if (!strcmp(a, "--seq")) {
			struct seq_field *f = &seq[nseq];

			if (nseq >= MAX_SEQ || sscanf(v, "%u:%u:%u", &f->byte, &f->shift, &f->width) != 3 ||
			    f->shift + f->width > 8 || f->width == 0)
				return usage();
			nseq++;
		} else if (!strcmp(a, "--rate"))
			rate = strtod(v, NULL);
		else if (!strcmp(a, "--count"))
			count = strtol(v, NULL, 10);
		else
			return usage();
		i++;
	}
	if (!rdesc_path || !template || rate <= 0 || rate > 100000 || count <= 0)
		return usage();
	report_len = parse_hex(template, report, sizeof(report));
	if (report_len <= 0)
		return usage();
	for (i = 0; i < nseq; i++)
		if (seq[i].byte >= (unsigned int)report_len)
			return usage();

	create.type = UHID_CREATE2;
	snprintf((char *)create.u.create2.name, sizeof(create.u.create2.name), "%s", name);
	rfd = open(rdesc_path, O_RDONLY);
	if (rfd < 0) {
		fprintf(stderr, "uhid-emit: %s: %s\n", rdesc_path, strerror(errno));
		return 1;
	}
	{
		ssize_t n = read(rfd, create.u.create2.rd_data, sizeof(create.u.create2.rd_data));

		close(rfd);
		if (n <= 0) {
			fprintf(stderr, "uhid-emit: %s: empty or unreadable\n", rdesc_path);
			return 1;
		}
		create.u.create2.rd_size = (uint16_t)n;
	}
	create.u.create2.bus = (uint16_t)bus;
	create.u.create2.vendor = vid;
	create.u.create2.product = pid;

	fd = open("/dev/uhid", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "uhid-emit: /dev/uhid: %s (modprobe uhid; root)\n", strerror(errno));
		return 1;
	}
	if (uhid_write(fd, &create))
		return 1;

	/* Wait for the kernel to start the device, and for "go". */
	for (;;) {
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = 0, .events = POLLIN } };

		/* The kernel starts a device in milliseconds; "go" comes whenever the test is ready. */
		if (poll(p, started ? 2 : 1, started ? -1 : 10000) <= 0) {
			fprintf(stderr, "uhid-emit: %s\n", started ? strerror(errno) : "timed out waiting for UHID_START");
			return 1;
		}
		if ((p[0].revents & POLLIN) && handle_kernel(fd, &started) < 0)
			return 1;
		if (started == 1) {
			printf("{\"created\":true}\n");
			fflush(stdout);
			started = 2;
		}
		if (started && (p[1].revents & (POLLIN | POLLHUP))) {
			if (!fgets(line, sizeof(line), stdin))
				return 1;
			if (!strncmp(line, "go", 2))
				break;
		}
	}

	{
		int64_t period = (int64_t)(1e9 / rate), start = now_ns(), due = start, max_late = 0, stall = 0, end;
		long n, stalls = 0;

		input.type = UHID_INPUT2;
		input.u.input2.size = (uint16_t)report_len;
		for (n = 0; n < count; n++, due += period) {
			struct timespec ts = { .tv_sec = due / 1000000000, .tv_nsec = due % 1000000000 };
			uint64_t v = (uint64_t)n;
			int64_t late;

			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
				;
			late = now_ns() - due;
			if (late > max_late)
				max_late = late;
			/*
			 * More than a period late: the VM was not scheduled (qemu TCG on
			 * a busy host). Catching up would send a burst far above the
			 * rate, which no real device does and which overflows hidraw's
			 * 64-report queue before any reader can run; shift the schedule
			 * instead and account the stall.
			 */
			if (late > period) {
				stall += late;
				stalls++;
				due += late;
			}
			memcpy(input.u.input2.data, report, report_len);
			for (i = 0; i < nseq; i++) {
				uint8_t mask = (uint8_t)(((1u << seq[i].width) - 1) << seq[i].shift);
				uint8_t *b = &input.u.input2.data[seq[i].byte];

				*b = (uint8_t)((*b & ~mask) | ((v << seq[i].shift) & mask));
				v >>= seq[i].width;
			}
			if (uhid_write(fd, &input))
				return 1;
			if ((n & 63) == 0 && handle_kernel(fd, &started) < 0)
				return 1;
		}
		end = now_ns();
		/* paced_hz: the rate while the VM ran, i.e. the device's own pacing */
		printf("{\"sent\":%ld,\"elapsed_ns\":%lld,\"rate_hz\":%.1f,\"paced_hz\":%.1f,"
		       "\"stalls\":%ld,\"stall_ms\":%.1f,\"max_late_us\":%lld}\n",
		       count, (long long)(end - start), count * 1e9 / (double)(end - start),
		       count * 1e9 / (double)(end - start - stall), stalls, stall / 1e6,
		       (long long)(max_late / 1000));
		fflush(stdout);
	}

	/* Stay alive (answering the kernel) until the test closes stdin. */
	for (;;) {
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = 0, .events = POLLIN } };

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if ((p[0].revents & POLLIN) && handle_kernel(fd, &started) < 0)
			break;
		if (p[1].revents & (POLLIN | POLLHUP)) {
			if (!fgets(line, sizeof(line), stdin))
				break;
		}
	}
	memset(&create, 0, sizeof(create));
	create.type = UHID_DESTROY;
	uhid_write(fd, &create);
	close(fd);
	return 0;
}
