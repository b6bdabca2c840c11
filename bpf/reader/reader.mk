# SPDX-License-Identifier: GPL-2.0-only
#
# hidfix-read: the recorder's hidraw/evdev drain (see hidfix-read.c for why it
# is a process). Static like the loader, so it runs on any distro and in the
# test VM. Included at the end of bpf/Makefile; run from bpf/.
#
#   out/reader/hidfix-read

.PHONY: reader
all: reader
reader: $(OUT)/reader/hidfix-read

$(OUT)/reader/hidfix-read: reader/hidfix-read.c
	@mkdir -p $(dir $@)
	$(CC) $(LOADER_CFLAGS) -o $@ $< -static
