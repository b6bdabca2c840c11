/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal JSON writer for hidfix-loader's single stdout object. Builds the
 * document in memory so a late failure can still replace a half-written
 * success with one clean error object.
 */
#ifndef HIDFIX_JSON_H
#define HIDFIX_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct json {
	char *buf;
	size_t len;
	size_t cap;
	bool need_comma;
};

void json_init(struct json *j);
void json_free(struct json *j);
void json_obj_begin(struct json *j, const char *key);	/* key NULL inside arrays/top */
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);	/* val NULL -> null */
void json_strn(struct json *j, const char *key, const char *val, size_t n);
void json_int(struct json *j, const char *key, long long val);
void json_double(struct json *j, const char *key, double val);
void json_bool(struct json *j, const char *key, bool val);
void json_hex(struct json *j, const char *key, const unsigned char *data, size_t n);
/* Append already-encoded members ("a":1,"b":2) of another writer. */
void json_raw(struct json *j, const char *members);
/* Print the document and a newline to stdout. */
void json_print(struct json *j);

#endif
