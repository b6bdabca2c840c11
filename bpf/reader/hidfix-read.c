// SPDX-License-Identifier: GPL-2.0-only
/*
 * hidfix-read: drains one hidraw or evdev node into stdout, so that no
 * report is lost while the recorder's JavaScript is busy.
 *
 *   hidfix-read [--framed] [--flush-ms N] [--backlog-mib N] NODE
 *
 * Why a process: the kernel keeps only 64 reports per open hidraw file and
 * drops the *new* report when that queue is full (8 ms of an 8 kHz device);
 * an evdev client buffer holds a few hundred ms at most and is flushed whole
 * when it overflows. A reader thread inside Node needs a poll loop (Node has
 * no poll() for character devices) whose wakeups and EAGAIN exceptions cost
 * more CPU than the reports themselves. Here a blocking poll() wakes only for
 * data, and the kernel queue is always drained at once into an in-memory
 * backlog (up to --backlog-mib, default 64 MiB: minutes of an 8 kHz mouse's
 * evdev stream) that stdout — a pipe the recorder reads in large chunks —
 * receives whenever the recorder catches up. Only a recorder that stays
 * behind by the whole backlog makes the kernel drop anything (a warning on
 * stderr says so).
 *
 * Output, stdout:
 *   "HFR1"                          once the node is open (the recorder's "ready")
 *   then, with --framed (hidraw: one report per read()):
 *     u32 length, u64 CLOCK_MONOTONIC ns taken right after the read(), the report
 *     (little-endian; the same frame as the in-process reader's)
 *   without --framed (evdev): the bytes read, unchanged (struct input_event
 *   carries the kernel's own timestamp).
 * Bytes go out at most every --flush-ms (default 8) while the node keeps
 * delivering; the timestamps are the read times, so batching costs no
 * precision.
 *
 * Exit status: 0 after SIGTERM/SIGINT (everything read is written first) or
 * when stdout's reader goes away; 2 bad usage; 3 open failed; 4 read failed
 * (ENODEV/EIO once the device is gone or re-probed); 5 out of memory. Errors
 * go to stderr as one line ending in the errno name, e.g.
 * "hidfix-read: read /dev/hidraw0: ENODEV".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "HFR1"
#define FRAME_HEADER 12
/* HID_MAX_BUFFER_SIZE: the largest report hidraw returns; evdev reads up to this much too. */
#define MAX_READ 16384
#define PIPE_SIZE (1024 * 1024)
/* Write to the pipe without waiting for the flush interval once this much is pending. */
#define EAGER_BYTES (256 * 1024)

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static const char *errname(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "EUNKNOWN";
}

/* The bytes read but not yet written: [start, end) of a buffer that grows up to cap. */
struct backlog {
	uint8_t *buf;
	size_t start, end, size, cap;
	int64_t since; /* read time of the oldest pending byte */
};

/* Makes room for one more read; 0 = room, 1 = backlog full, -1 = out of memory. */
static int backlog_reserve(struct backlog *b)
{
	const size_t need = FRAME_HEADER + MAX_READ;

	if (b->size - b->end >= need)
		return 0;
	if (b->start > 0) {
		memmove(b->buf, b->buf + b->start, b->end - b->start);
		b->end -= b->start;
		b->start = 0;
		if (b->size - b->end >= need)
			return 0;
	}
	if (b->size >= b->cap)
		return 1;
	{
		size_t size = b->size ? b->size * 2 : 1024 * 1024;
		uint8_t *buf;

		if (size > b->cap)
			size = b->cap;
		buf = realloc(b->buf, size);
		if (!buf)
			return -1;
		b->buf = buf;
		b->size = size;
	}
	return 0;
}

/* Writes what the pipe takes now; 0 = fine (maybe partial), -1 = the reader is gone. */
static int backlog_write(struct backlog *b)
{
	while (b->end > b->start) {
		ssize_t n = write(STDOUT_FILENO, b->buf + b->start, b->end - b->start);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -1;
		}
		b->start += (size_t)n;
	}
	b->start = b->end = 0;
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: hidfix-read [--framed] [--flush-ms N] [--backlog-mib N] "
			"/dev/hidrawN|/dev/input/eventN (absolute path)\n");
	return 2;
}

static int parse_int(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	struct backlog b = { .cap = 64 * 1024 * 1024 };
	const char *node = NULL;
	long flush_ms = 8, mib;
	int framed = 0, fd, i, warned = 0;
	struct sigaction sa;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--framed")) {
			framed = 1;
		} else if (!strcmp(argv[i], "--flush-ms") && i + 1 < argc) {
			if (parse_int(argv[++i], 1000, &flush_ms))
				return usage();
		} else if (!strcmp(argv[i], "--backlog-mib") && i + 1 < argc) {
			if (parse_int(argv[++i], 4096, &mib) || mib < 1)
				return usage();
			b.cap = (size_t)mib * 1024 * 1024;
		} else if (argv[i][0] != '-' && !node) {
			node = argv[i];
		} else {
			return usage();
		}
	}
	if (!node || node[0] != '/')
		return usage();

	/* Never outlive the recorder, even while the node stays silent. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() must return on a signal */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/*
	 * Ahead of ordinary tasks (best effort; needs CAP_SYS_NICE, which the root recorder has): this
	 * process uses little CPU, but must run within 8 ms of a report while the recorder itself may
	 * keep the CPU busy.
	 */
	setpriority(PRIO_PROCESS, 0, -10);

	fd = open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "hidfix-read: open %s: %s\n", node, errname(errno));
		return 3;
	}
	/* The pipe is slack the recorder reads without waking us; best effort. */
	fcntl(STDOUT_FILENO, F_SETPIPE_SZ, PIPE_SIZE);
	if (write(STDOUT_FILENO, MAGIC, 4) != 4)
		return 0;
	/* Never block on the recorder: the device queue must be drained whatever it does. */
	fcntl(STDOUT_FILENO, F_SETFL, fcntl(STDOUT_FILENO, F_GETFL) | O_NONBLOCK);

	while (!stopping) {
		const size_t pending = b.end - b.start;
		const int64_t due = b.since + flush_ms * 1000000;
		const int flush_now = pending > 0 && (pending >= EAGER_BYTES || now_ns() >= due);
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN },
				       { .fd = STDOUT_FILENO, .events = flush_now ? POLLOUT : 0 } };
		int timeout = -1, room;

		if (pending > 0 && !flush_now) {
			int64_t left = (due - now_ns() + 999999) / 1000000;

			timeout = left > 0 ? (int)left : 0;
		}
		room = backlog_reserve(&b);
		if (room < 0) {
			fprintf(stderr, "hidfix-read: %s: out of memory for the backlog: ENOMEM\n", node);
			return 5;
		}
		if (room > 0) {
			/* Full: leave the device alone; the kernel now drops, and the recording shows it. */
			p[0].fd = -1;
			if (!warned++)
				fprintf(stderr, "hidfix-read: %s: the recorder is %zu MiB behind; the kernel may drop reports\n",
					node, b.cap >> 20);
		}
		if (poll(p, 2, timeout) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "hidfix-read: poll: %s\n", errname(errno));
			return 4;
		}
		if (p[1].revents & (POLLERR | POLLHUP))
			return 0; /* the recorder closed its end */
		/* Drain the kernel queue completely: it is the short one. */
		while (p[0].revents) {
			uint8_t *dst;
			ssize_t n;

			if (backlog_reserve(&b))
				break; /* full or no memory: handled at the top of the loop */
			dst = b.buf + b.end + (framed ? FRAME_HEADER : 0);
			n = read(fd, dst, MAX_READ);
			if (n < 0 && errno == EAGAIN)
				break;
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				const char *why = n == 0 ? "EOF" : errname(errno);

				fcntl(STDOUT_FILENO, F_SETFL, fcntl(STDOUT_FILENO, F_GETFL) & ~O_NONBLOCK);
				if (backlog_write(&b))
					return 0;
				fprintf(stderr, "hidfix-read: read %s: %s\n", node, why);
				return 4;
			}
			if (b.end == b.start)
				b.since = now_ns();
			if (framed) {
				put_u32(b.buf + b.end, (uint32_t)n);
				put_u64(b.buf + b.end + 4, (uint64_t)now_ns());
				b.end += FRAME_HEADER;
			}
			b.end += (size_t)n;
		}
		if (p[1].revents & POLLOUT) {
			if (backlog_write(&b))
				return 0;
			if (b.end > b.start)
				b.since = now_ns() - flush_ms * 1000000; /* still due: write on as the pipe drains */
		}
	}
	/* Stopped: hand over everything read so far before exiting. */
	fcntl(STDOUT_FILENO, F_SETFL, fcntl(STDOUT_FILENO, F_GETFL) & ~O_NONBLOCK);
	backlog_write(&b);
	return 0;
}
