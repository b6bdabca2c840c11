// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inspector fixture: one global of every BTF kind clang emits that the HID fixtures do not
 * (FLOAT, ENUM64, signed ENUM, FWD, RESTRICT, VOLATILE, DECL_TAG, TYPE_TAG, bitfields), so the
 * BTF reader is checked against bpftool on real compiler output for all of them.
 */
#include "hid_bpf.h"
#include "hid_bpf_helpers.h"

struct opaque;
union opaque_union;

enum small { SMALL_NEG = -3, SMALL_POS = 7 };
enum big { BIG_ONE = 1, BIG_HUGE = 0x123456789ULL };

struct bits {
	unsigned int a : 3;
	unsigned int b : 13;
	int c;
} __attribute__((btf_decl_tag("hidfix_struct_tag")));

struct kinds {
	float f;
	double d;
	enum small s;
	enum big b;
	struct opaque *o;
	union opaque_union *ou;
	int *__restrict r;
	volatile int v;
	int __attribute__((btf_type_tag("user"))) *tagged;
	struct bits bits __attribute__((btf_decl_tag("hidfix_member_tag")));
};

struct kinds all_kinds __attribute__((btf_decl_tag("hidfix_var_tag")));

__attribute__((btf_decl_tag("hidfix_func_tag"))) static int helper(int *__restrict p)
{
	return *p + 1;
}

SEC("syscall")
int use_kinds(void *ctx)
{
	all_kinds.v = helper(&all_kinds.bits.c);
	return all_kinds.s;
}

char _license[] SEC("license") = "GPL";
