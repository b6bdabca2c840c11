// SPDX-License-Identifier: GPL-2.0-only
/*
 * hidfix-trace: stream the reports of one HID device as they arrive, before
 * any HID-BPF program changes them (the `B:` lines of a hid-recorder file).
 *
 *   hidfix-trace <hid device> [--duration S]
 *
 * <hid device> is a sysfs HID device (/sys/bus/hid/devices/0003:045E:00D1.0001)
 * or its name. Needs root (CAP_BPF + CAP_SYS_ADMIN) and CONFIG_HID_BPF.
 *
 * stdout, one line each (line-buffered per ringbuf poll):
 *   # hidfix-trace: attached hid_id=<n>      once, after attach
 *   B: <sec>.<usec> <len> <hex bytes…>       one per report; CLOCK_MONOTONIC
 *                                            absolute time (the caller makes
 *                                            it relative to its first event)
 *   # hidfix-trace: truncated seq=<n> size=<len>   report longer than 4096
 *   # hidfix-trace: reports=<n> lost=<m>     at exit; m = reports the ring
 *                                            buffer had no room for
 * stderr: errors. Exit 0 after SIGINT/SIGTERM or --duration, 1 on error,
 * 2 on bad usage.
 *
 * Why a process and no pin: the tracer's link lives exactly as long as this
 * process (closing the link fd detaches it), so a crashed recorder can never
 * leave a keylogger-shaped program attached. Why BPF_F_BEFORE: see
 * hidfix_tracer.bpf.c.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/types.h>

#include <bpf/bpf.h>

#include "hidfix_tracer.h"

/*
 * The BPF object is embedded so the streamer is one self-contained file
 * (HIDFIX_TRACER_OBJ is set by tracer.mk). Not a bpftool skeleton: bpftool
 * 7.5's skeletons need libbpf >= 1.5 and the build machine has 1.4.
 */
__asm__(".section .rodata\n"
	".balign 8\n"
	".global hidfix_tracer_obj\n"
	"hidfix_tracer_obj:\n"
	".incbin \"" HIDFIX_TRACER_OBJ "\"\n"
	".global hidfix_tracer_obj_end\n"
	"hidfix_tracer_obj_end:\n"
	".previous\n");
extern const char hidfix_tracer_obj[], hidfix_tracer_obj_end[];

#define MAX_REPORT (HIDFIX_TRACE_CHUNK * HIDFIX_TRACE_MAX_CHUNKS)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The report being reassembled from its chunks. */
struct assembly {
	int active;
	__u32 seq;
	__u32 size;
	__u32 got;
	__u64 ts_ns;
	__u8 data[MAX_REPORT];
	unsigned long reports;
	unsigned long incomplete;
};

static void emit(struct assembly *a)
{
	__u32 len = a->size < MAX_REPORT ? a->size : MAX_REPORT;
	__u32 i;

	if (a->size > MAX_REPORT)
		printf("# hidfix-trace: truncated seq=%u size=%u\n", a->seq, a->size);
	printf("B: %llu.%06llu %u", (unsigned long long)(a->ts_ns / 1000000000ull),
	       (unsigned long long)(a->ts_ns % 1000000000ull / 1000ull), len);
	for (i = 0; i < len; i++)
		printf(" %02x", a->data[i]);
	putchar('\n');
	a->reports++;
	a->active = 0;
}

static int on_chunk(void *ctx, void *data, size_t size)
{
	struct assembly *a = ctx;
	const struct hidfix_trace_chunk *c = data;
	__u32 n;

	if (size < sizeof(*c))
		return 0;
	if (a->active && a->seq != c->seq) {
		/* a chunk of the previous report found the ring buffer full */
		a->incomplete++;
		a->active = 0;
	}
	if (!a->active) {
		if (c->offset != 0) {
			a->incomplete++;
			return 0;
		}
		a->active = 1;
		a->seq = c->seq;
		a->size = c->size;
		a->ts_ns = c->ts_ns;
		a->got = 0;
	}
	if (c->offset != a->got || c->offset >= MAX_REPORT) {
		a->incomplete++;
		a->active = 0;
		return 0;
	}
	n = a->size - c->offset;
	if (n > HIDFIX_TRACE_CHUNK)
		n = HIDFIX_TRACE_CHUNK;
	memcpy(a->data + c->offset, c->data, n);
	a->got += HIDFIX_TRACE_CHUNK;
	if (a->got >= a->size || a->got >= MAX_REPORT)
		emit(a);
	return 0;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf's warnings explain verifier and attach failures: keep them */
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fprintf(stderr, "usage: hidfix-trace <hid device: /sys/bus/hid/devices/BBBB:VVVV:PPPP.NNNN> [--duration S]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct assembly a;
	struct bpf_object *obj = NULL;
	struct bpf_map *ops, *ringbuf, *stats;
	__u64 lost = 0;
	__u32 key = 0;
	size_t ops_size;
	int *ops_value;
	struct ring_buffer *rb = NULL;
	struct bpf_link *link = NULL;
	char path[PATH_MAX], real[PATH_MAX], *name, *dot, *end;
	double duration = 0, deadline = 0;
	unsigned long hid_id;
	struct sigaction sa;
	int err, ret = 1;

	if (argc != 2 && argc != 4)
		return usage();
	if (argc == 4) {
		if (strcmp(argv[2], "--duration"))
			return usage();
		duration = strtod(argv[3], &end);
		if (*end || duration <= 0)
			return usage();
	}

	/* Accept a bare name; resolve links to reach the device's own name. */
	if (strchr(argv[1], '/'))
		snprintf(path, sizeof(path), "%s", argv[1]);
	else
		snprintf(path, sizeof(path), "/sys/bus/hid/devices/%s", argv[1]);
	if (!realpath(path, real)) {
		fprintf(stderr, "hidfix-trace: %s: %s (is the device plugged in?)\n", path, strerror(errno));
		return 1;
	}
	name = basename(real);
	dot = strrchr(name, '.');
	if (!dot || strlen(name) < 15 || name[4] != ':' || name[9] != ':') {
		fprintf(stderr, "hidfix-trace: %s is not a HID device (expected BBBB:VVVV:PPPP.NNNN)\n", name);
		return 1;
	}
	errno = 0;
	hid_id = strtoul(dot + 1, &end, 16);
	if (errno || *end || hid_id == 0 || hid_id > INT_MAX) {
		fprintf(stderr, "hidfix-trace: cannot read hid_id from %s\n", name);
		return 1;
	}

	libbpf_set_print(libbpf_quiet);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* no SA_RESTART: a signal must interrupt epoll_wait in ring_buffer__poll */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	obj = bpf_object__open_mem(hidfix_tracer_obj, hidfix_tracer_obj_end - hidfix_tracer_obj, NULL);
	if (!obj) {
		fprintf(stderr, "hidfix-trace: open: %s\n", strerror(errno));
		goto out;
	}
	ops = bpf_object__find_map_by_name(obj, "hidfix_tracer");
	ringbuf = bpf_object__find_map_by_name(obj, "hidfix_trace_rb");
	stats = bpf_object__find_map_by_name(obj, "hidfix_trace_stats");
	ops_value = ops ? bpf_map__initial_value(ops, &ops_size) : NULL;
	if (!ringbuf || !stats || !ops_value || ops_size < sizeof(int)) {
		fprintf(stderr, "hidfix-trace: embedded object lacks its maps\n");
		goto out;
	}
	/*
	 * hid_id is the first member of struct hid_bpf_ops (hid_bpf.h) and is
	 * fixed at load: the kernel reads it in the struct_ops ->init().
	 */
	ops_value[0] = (int)hid_id;
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "hidfix-trace: load: %s (root and CONFIG_HID_BPF needed)\n", strerror(-err));
		goto out;
	}
	link = bpf_map__attach_struct_ops(ops);
	if (!link) {
		fprintf(stderr, "hidfix-trace: attach to hid_id %lu: %s\n", hid_id, strerror(errno));
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(ringbuf), on_chunk, &a, NULL);
	if (!rb) {
		fprintf(stderr, "hidfix-trace: ring buffer: %s\n", strerror(errno));
		goto out;
	}
	printf("# hidfix-trace: attached hid_id=%lu\n", hid_id);
	fflush(stdout);

	if (duration > 0)
		deadline = now_s() + duration;
	while (!stop && (deadline == 0 || now_s() < deadline)) {
		err = ring_buffer__poll(rb, 100 /* ms */);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "hidfix-trace: poll: %s\n", strerror(-err));
			goto out;
		}
		if (fflush(stdout) == EOF)
			goto out; /* reader went away */
	}
	/* Detach first so nothing new arrives, then drain what is queued. */
	bpf_link__destroy(link);
	link = NULL;
	ring_buffer__consume(rb);
	if (a.active)
		a.incomplete++;
	if (bpf_map_lookup_elem(bpf_map__fd(stats), &key, &lost))
		lost = 0;
	printf("# hidfix-trace: reports=%lu lost=%llu\n", a.reports,
	       (unsigned long long)(lost + a.incomplete));
	fflush(stdout);
	ret = 0;
out:
	ring_buffer__free(rb);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return ret;
}
