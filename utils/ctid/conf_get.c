// SPDX-License-Identifier: LGPL-2.1-or-later
/* The parser's typed getters (conf_get.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conf_get.h"

/* The setting's path: "queues[1].skills[0].level". */
static size_t setting_path(const config_setting_t *s, char *buf, size_t len)
{
	const config_setting_t *parent = config_setting_parent(s);
	size_t n;

	if (!parent) /* the root */
		return (size_t)snprintf(buf, len, "%s", "");
	n = setting_path(parent, buf, len);
	if (n >= len)
		n = len ? len - 1 : 0;
	if (config_setting_is_aggregate(parent) &&
	    config_setting_type(parent) != CONFIG_TYPE_GROUP)
		return n + (size_t)snprintf(buf + n, len - n, "[%d]",
					    config_setting_index(s));
	return n + (size_t)snprintf(buf + n, len - n, "%s%s", n ? "." : "",
				    config_setting_name(s)
					    ? config_setting_name(s)
					    : "");
}

int cp_fail(struct cp *p, const config_setting_t *s, const char *key,
	    const char *fmt, ...)
{
	char path[256];
	size_t n;
	va_list ap;

	if (p->failed || !p->why || !p->why_len)
		goto out;
	setting_path(s, path, sizeof(path));
	/* the root has no line: a top-level field that is missing */
	if (config_setting_source_line(s))
		n = (size_t)snprintf(p->why, p->why_len,
				     "%s:%d: %s%s%s: ", p->file,
				     config_setting_source_line(s), path,
				     key && *path ? "." : "", key ? key : "");
	else
		n = (size_t)snprintf(p->why, p->why_len,
				     "%s: %s%s%s: ", p->file, path,
				     key && *path ? "." : "", key ? key : "");
	if (n < p->why_len) {
		va_start(ap, fmt);
		vsnprintf(p->why + n, p->why_len - n, fmt, ap);
		va_end(ap);
	}
out:
	p->failed = 1;
	return -1;
}

int cp_keys(struct cp *p, const config_setting_t *g, const char *const *allowed)
{
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *m =
			config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(m);
		size_t k = 0;

		while (allowed[k] && strcmp(allowed[k], name))
			k++;
		if (!allowed[k])
			return cp_fail(p, m, NULL, "unknown key");
	}
	return 0;
}

/* The member, or NULL; a missing required one is an error at g's line. */
static config_setting_t *member(struct cp *p, const config_setting_t *g,
				const char *key, bool required, int *rc)
{
	config_setting_t *m = config_setting_get_member(g, key);

	*rc = 0;
	if (!m && required)
		*rc = cp_fail(p, g, key, "missing");
	return m;
}

int cp_str(struct cp *p, const config_setting_t *g, const char *key,
	   bool required, size_t max_len, const char **out)
{
	int rc;
	config_setting_t *m = member(p, g, key, required, &rc);
	const char *v;

	if (!m)
		return rc;
	if (config_setting_type(m) != CONFIG_TYPE_STRING)
		return cp_fail(p, m, NULL, "a string is expected");
	v = config_setting_get_string(m);
	if (!*v)
		return cp_fail(p, m, NULL, "empty");
	if (max_len && strlen(v) > max_len)
		return cp_fail(p, m, NULL, "longer than %zu characters",
			       max_len);
	*out = v;
	return 0;
}

static int get_integer(struct cp *p, const config_setting_t *g, const char *key,
		       bool required, long long min, long long max,
		       long long *out, bool *found)
{
	int rc;
	config_setting_t *m = member(p, g, key, required, &rc);
	long long v;

	*found = false;
	if (!m)
		return rc;
	if (config_setting_type(m) != CONFIG_TYPE_INT &&
	    config_setting_type(m) != CONFIG_TYPE_INT64)
		return cp_fail(p, m, NULL, "an integer is expected");
	v = config_setting_get_int64(m);
	if (v < min || v > max)
		return cp_fail(p, m, NULL, "%lld is outside %lld..%lld", v, min,
			       max);
	*out = v;
	*found = true;
	return 0;
}

int cp_uint(struct cp *p, const config_setting_t *g, const char *key,
	    bool required, long long min, long long max, uint32_t *out)
{
	long long v;
	bool found;

	if (get_integer(p, g, key, required, min, max, &v, &found))
		return -1;
	if (found)
		*out = (uint32_t)v;
	return 0;
}

int cp_int(struct cp *p, const config_setting_t *g, const char *key,
	   bool required, long long min, long long max, int32_t *out)
{
	long long v;
	bool found;

	if (get_integer(p, g, key, required, min, max, &v, &found))
		return -1;
	if (found)
		*out = (int32_t)v;
	return 0;
}

int cp_bool(struct cp *p, const config_setting_t *g, const char *key, bool *out)
{
	config_setting_t *m = config_setting_get_member(g, key);

	if (!m)
		return 0;
	if (config_setting_type(m) != CONFIG_TYPE_BOOL)
		return cp_fail(p, m, NULL, "true or false is expected");
	*out = config_setting_get_bool(m);
	return 0;
}

int cp_enum(struct cp *p, const config_setting_t *g, const char *key,
	    bool required, const char *const *names, const uint32_t *values,
	    uint32_t *out)
{
	const char *v = NULL;
	char list[256] = "";
	size_t n = 0;

	if (cp_str(p, g, key, required, 0, &v) || !v)
		return p->failed ? -1 : 0;
	for (size_t i = 0; names[i]; i++) {
		if (!strcmp(names[i], v)) {
			*out = values[i];
			return 0;
		}
		n += (size_t)snprintf(list + n,
				      n < sizeof(list) ? sizeof(list) - n : 0,
				      "%s%s", i ? "|" : "", names[i]);
	}
	return cp_fail(p, config_setting_get_member(g, key), NULL,
		       "'%s' is not one of %s", v, list);
}

int cp_list(struct cp *p, const config_setting_t *g, const char *key,
	    bool required, config_setting_t **out)
{
	int rc;
	config_setting_t *m = member(p, g, key, required, &rc);

	*out = NULL;
	if (!m)
		return rc;
	if (config_setting_type(m) != CONFIG_TYPE_LIST &&
	    config_setting_type(m) != CONFIG_TYPE_ARRAY)
		return cp_fail(p, m, NULL, "a list ( ... ) is expected");
	*out = m;
	return 0;
}
