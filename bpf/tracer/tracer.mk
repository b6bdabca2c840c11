# SPDX-License-Identifier: GPL-2.0-only
#
# The B: tracer: hidfix_tracer.bpf.o (struct_ops, BPF_F_BEFORE) embedded
# (.incbin) in the static hidfix-trace streamer. Included at the end of
# bpf/Makefile; run from bpf/ (make -C bpf tracer).
#
#   out/tracer/hidfix_tracer.bpf.o
#   out/tracer/hidfix-trace

TRACER_OUT := $(OUT)/tracer

.PHONY: tracer
all: tracer
tracer: $(TRACER_OUT)/hidfix-trace

# -mcpu=v3: atomic fetch-and-add with a result (the report counter); 7.x kernels have it.
$(TRACER_OUT)/hidfix_tracer.bpf.o: tracer/hidfix_tracer.bpf.c tracer/hidfix_tracer.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -mcpu=v3 -Itracer -c $< -o $@

$(TRACER_OUT)/hidfix-trace: tracer/hidfix-trace.c tracer/hidfix_tracer.h $(TRACER_OUT)/hidfix_tracer.bpf.o
	$(CC) $(LOADER_CFLAGS) -Itracer -DHIDFIX_TRACER_OBJ='"$(TRACER_OUT)/hidfix_tracer.bpf.o"' -o $@ $< $(LOADER_LIBS)
