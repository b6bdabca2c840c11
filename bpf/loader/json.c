// SPDX-License-Identifier: GPL-2.0-only
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(struct json *j, const char *s, size_t n)
{
	if (j->len + n + 1 > j->cap) {
		size_t cap = j->cap ? j->cap : 4096;

		while (cap < j->len + n + 1)
			cap *= 2;
		j->buf = realloc(j->buf, cap);
		if (!j->buf) {
			/* Out of memory: nothing sensible left to print. */
			fputs("{\"ok\":false,\"code\":\"internal\",\"message\":\"out of memory\"}\n", stdout);
			exit(1);
		}
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void quoted(struct json *j, const char *s, size_t n)
{
	char esc[8];
	size_t i;

	put(j, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': puts_(j, "\\\""); break;
		case '\\': puts_(j, "\\\\"); break;
		case '\n': puts_(j, "\\n"); break;
		case '\t': puts_(j, "\\t"); break;
		case '\r': puts_(j, "\\r"); break;
		default:
			/* control bytes and DEL escaped; bytes >= 0x80 passed through
			 * (the verifier log and paths are ASCII in practice) */
			if (c < 0x20 || c == 0x7f) {
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				puts_(j, esc);
			} else {
				put(j, (const char *)&c, 1);
			}
		}
	}
	put(j, "\"", 1);
}

static void key(struct json *j, const char *k)
{
	if (j->need_comma)
		put(j, ",", 1);
	j->need_comma = true;
	if (k) {
		quoted(j, k, strlen(k));
		put(j, ":", 1);
	}
}

void json_init(struct json *j)
{
	memset(j, 0, sizeof(*j));
}

void json_free(struct json *j)
{
	free(j->buf);
	memset(j, 0, sizeof(*j));
}

void json_obj_begin(struct json *j, const char *k)
{
	key(j, k);
	put(j, "{", 1);
	j->need_comma = false;
}

void json_obj_end(struct json *j)
{
	put(j, "}", 1);
	j->need_comma = true;
}

void json_arr_begin(struct json *j, const char *k)
{
	key(j, k);
	put(j, "[", 1);
	j->need_comma = false;
}

void json_arr_end(struct json *j)
{
	put(j, "]", 1);
	j->need_comma = true;
}

void json_strn(struct json *j, const char *k, const char *val, size_t n)
{
	key(j, k);
	if (!val)
		puts_(j, "null");
	else
		quoted(j, val, n);
}

void json_str(struct json *j, const char *k, const char *val)
{
	json_strn(j, k, val, val ? strlen(val) : 0);
}

void json_int(struct json *j, const char *k, long long val)
{
	char num[32];

	key(j, k);
	snprintf(num, sizeof(num), "%lld", val);
	puts_(j, num);
}

void json_double(struct json *j, const char *k, double val)
{
	char num[48];

	key(j, k);
	snprintf(num, sizeof(num), "%.3f", val);
	puts_(j, num);
}

void json_bool(struct json *j, const char *k, bool val)
{
	key(j, k);
	puts_(j, val ? "true" : "false");
}

void json_hex(struct json *j, const char *k, const unsigned char *data, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char pair[2];
	size_t i;

	key(j, k);
	put(j, "\"", 1);
	for (i = 0; i < n; i++) {
		pair[0] = digits[data[i] >> 4];
		pair[1] = digits[data[i] & 0xf];
		put(j, pair, 2);
	}
	put(j, "\"", 1);
}

void json_raw(struct json *j, const char *members)
{
	key(j, NULL);
	puts_(j, members);
}

void json_print(struct json *j)
{
	if (j->buf)
		fputs(j->buf, stdout);
	fputc('\n', stdout);
	fflush(stdout);
}
