// SPDX-License-Identifier: LGPL-2.1-or-later
/* Streaming JSON writer: keys in insertion order, strings escaped per
 * RFC 8259, no allocation. A NULL key writes an array element. */
#include <math.h>

#include "json.h"

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

static void member(struct json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->out);
	j->need_comma[j->depth] = true;
	if (key) {
		put_string(j->out, key);
		fputc(':', j->out);
	}
}

static void open_scope(struct json *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->out);
	if (j->depth < 15)
		j->depth++;
	j->need_comma[j->depth] = false;
}

void json_obj_begin(struct json *j, const char *key)
{
	open_scope(j, key, '{');
}

void json_arr_begin(struct json *j, const char *key)
{
	open_scope(j, key, '[');
}

void json_obj_end(struct json *j)
{
	fputc('}', j->out);
	if (j->depth)
		j->depth--;
}

void json_arr_end(struct json *j)
{
	fputc(']', j->out);
	if (j->depth)
		j->depth--;
}

void json_str(struct json *j, const char *key, const char *v)
{
	member(j, key);
	put_string(j->out, v ? v : "");
}

void json_int(struct json *j, const char *key, long long v)
{
	member(j, key);
	fprintf(j->out, "%lld", v);
}

void json_uint(struct json *j, const char *key, unsigned long long v)
{
	member(j, key);
	fprintf(j->out, "%llu", v);
}

void json_double(struct json *j, const char *key, double v)
{
	member(j, key);
	if (isfinite(v))
		fprintf(j->out, "%.6g", v);
	else
		fputs("null", j->out); /* JSON has no NaN or infinity */
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void json_finish(struct json *j)
{
	fputc('\n', j->out);
	fflush(j->out);
}
