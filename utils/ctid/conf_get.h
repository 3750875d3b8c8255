/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The configuration parser's typed getters over libconfig settings: each
 * one checks type and range and, on a bad value, writes the one message
 * form every error has: "FILE:LINE: FIELD: reason", FIELD the setting's
 * path ("queues[1].strategy").
 */
#ifndef CTID_CONF_GET_H
#define CTID_CONF_GET_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cp {
	const char *file; /* the configuration file's name in messages */
	char *why;
	size_t why_len;
	int failed; /* a message is written */
};

/* Write "FILE:LINE: PATH[.key]: reason" for setting s (key may be NULL)
 * once; returns -1. */
int cp_fail(struct cp *p, const config_setting_t *s, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Refuse any member of group g not named in allowed (NULL-terminated). */
int cp_keys(struct cp *p, const config_setting_t *g,
	    const char *const *allowed);

/* A string member: *out stays as it is when absent and !required;
 * max_len counts without the NUL (0: any); empty refused when !empty_ok. */
int cp_str(struct cp *p, const config_setting_t *g, const char *key,
	   bool required, size_t max_len, const char **out);
int cp_uint(struct cp *p, const config_setting_t *g, const char *key,
	    bool required, long long min, long long max, uint32_t *out);
int cp_int(struct cp *p, const config_setting_t *g, const char *key,
	   bool required, long long min, long long max, int32_t *out);
int cp_bool(struct cp *p, const config_setting_t *g, const char *key,
	    bool *out);
/* A string member that must be one of names[] (NULL-terminated): *out
 * becomes values[i]. */
int cp_enum(struct cp *p, const config_setting_t *g, const char *key,
	    bool required, const char *const *names, const uint32_t *values,
	    uint32_t *out);
/* A list (or array) member: NULL when absent (and !required). */
int cp_list(struct cp *p, const config_setting_t *g, const char *key,
	    bool required, config_setting_t **out);

#endif
