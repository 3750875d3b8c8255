// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A span's configuration checked and its defaults filled in, for PRI and
 * R2 spans alike (cti_span_config_check), and the names of R2 variants
 * and categories. Pure: unit-tested without DAHDI (tests/unit/call).
 */
#include <string.h>
#include <strings.h>

#include "call/call.h"
#include "core/util.h"

static const char *const variant_names[CTI_R2_VARIANT_COUNT] = {
	[CTI_R2_CHINA] = "cn",	   [CTI_R2_ITU] = "itu",
	[CTI_R2_ARGENTINA] = "ar", [CTI_R2_BRAZIL] = "br",
	[CTI_R2_COLOMBIA] = "co",  [CTI_R2_CZECH] = "cz",
	[CTI_R2_ECUADOR] = "ec",   [CTI_R2_INDONESIA] = "id",
	[CTI_R2_MEXICO] = "mx",	   [CTI_R2_PHILIPPINES] = "ph",
	[CTI_R2_VENEZUELA] = "ve",
};

static const char *const category_names[CTI_R2_CAT_COUNT] = {
	[CTI_R2_CAT_DEFAULT] = "default",
	[CTI_R2_CAT_NATIONAL] = "national",
	[CTI_R2_CAT_NATIONAL_PRIORITY] = "national-priority",
	[CTI_R2_CAT_INTERNATIONAL] = "international",
	[CTI_R2_CAT_INTERNATIONAL_PRIORITY] = "international-priority",
	[CTI_R2_CAT_COLLECT] = "collect",
	[CTI_R2_CAT_UNKNOWN] = "unknown",
	[CTI_R2_CAT_TEST] = "test",
};

CTI_EXTERN const char *cti_r2_variant_name(int variant)
{
	if (variant < 0 || variant >= CTI_R2_VARIANT_COUNT)
		return "?";
	return variant_names[variant];
}

CTI_EXTERN int cti_r2_variant_parse(const char *name)
{
	if (!name)
		return CTI_EINVAL;
	if (!strcasecmp(name, "china"))
		return CTI_R2_CHINA;
	for (int i = 0; i < CTI_R2_VARIANT_COUNT; i++)
		if (!strcasecmp(name, variant_names[i]))
			return i;
	return CTI_EINVAL;
}

CTI_EXTERN const char *cti_r2_category_name(int cat)
{
	if (cat < 0 || cat >= CTI_R2_CAT_COUNT)
		return "?";
	return category_names[cat];
}

CTI_EXTERN int cti_r2_category_parse(const char *name)
{
	if (!name)
		return CTI_EINVAL;
	for (int i = CTI_R2_CAT_NATIONAL; i < CTI_R2_CAT_COUNT; i++)
		if (!strcasecmp(name, category_names[i]))
			return i;
	return CTI_EINVAL;
}

static bool reserved_zero(const struct cti_span_config *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(c->reserved); i++)
		if (c->reserved[i])
			return false;
	return true;
}

#define R2_FLAGS                                               \
	(CTI_R2_ANI_FIRST | CTI_R2_NO_CHARGE | CTI_R2_NO_ANI | \
	 CTI_R2_DOUBLE_ANSWER)

/* An R2 span: E1 A-law, no PRI option. */
static int check_r2(const struct cti_span_config *c, char *why, size_t len)
{
	if (c->type != CTI_SPAN_E1)
		return cti__why(why, len, "type: MFC/R2 runs on E1 spans only"),
		       CTI_EINVAL;
	if (c->law == CTI_LAW_ULAW)
		return cti__why(why, len,
				"law: R2 spans are A-law (E1, and openr2 "
				"speaks A-law only)"),
		       CTI_EINVAL;
	/* Q.931 options have no meaning on a CAS trunk: refused, so a
	 * configuration written for PRI is not silently half used */
	if (c->side)
		return cti__why(why, len,
				"side: a PRI option (Q.931 network/user), "
				"not valid on an R2 span"),
		       CTI_EINVAL;
	if (c->switchtype)
		return cti__why(why, len,
				"switchtype: a PRI option, not valid on an "
				"R2 span"),
		       CTI_EINVAL;
	if (c->overlap)
		return cti__why(why, len,
				"overlap: a PRI option, not valid on an R2 "
				"span (R2 collects r2_max_dnis digits)"),
		       CTI_EINVAL;
	if (c->restart_on_up)
		return cti__why(why, len,
				"restart_on_up: a PRI option (RESTART), not "
				"valid on an R2 span"),
		       CTI_EINVAL;
	if (c->digit_timeout_ms)
		return cti__why(why, len,
				"digit_timeout_ms: a PRI option (overlap), "
				"not valid on an R2 span"),
		       CTI_EINVAL;
	if (c->r2_variant >= CTI_R2_VARIANT_COUNT)
		return cti__why(why, len,
				"r2_variant: unknown R2 variant %u (0..%d: "
				"cn, itu, ar, br, co, cz, ec, id, mx, ph, ve)",
				c->r2_variant, CTI_R2_VARIANT_COUNT - 1),
		       CTI_EINVAL;
	if (c->r2_category >= CTI_R2_CAT_COUNT)
		return cti__why(why, len,
				"r2_category: unknown category %u (0..%d)",
				c->r2_category, CTI_R2_CAT_COUNT - 1),
		       CTI_EINVAL;
	if (c->r2_max_dnis >= CTI__R2_DIGITS || c->r2_max_ani >= CTI__R2_DIGITS)
		return cti__why(why, len, "%s: at most %d digits",
				c->r2_max_dnis >= CTI__R2_DIGITS ? "r2_max_dnis"
								 : "r2_max_ani",
				CTI__R2_DIGITS - 1),
		       CTI_EINVAL;
	if (c->r2_flags & ~R2_FLAGS)
		return cti__why(why, len, "r2_flags: unknown bits 0x%x",
				c->r2_flags & ~R2_FLAGS),
		       CTI_EINVAL;
	return 0;
}

static int check_pri(const struct cti_span_config *c, char *why, size_t len)
{
	if (c->type != CTI_SPAN_E1 && c->type != CTI_SPAN_T1)
		return cti__why(why, len, "type: %u, expected E1 (1) or T1 (2)",
				c->type),
		       CTI_EINVAL;
	if (c->side != CTI_SIDE_NET && c->side != CTI_SIDE_CPE)
		return cti__why(why, len,
				"side: %u, expected network (1) or user (2)",
				c->side),
		       CTI_EINVAL;
	if (c->switchtype > CTI_SWITCH_QSIG)
		return cti__why(why, len, "switchtype: unknown switch %u",
				c->switchtype),
		       CTI_EINVAL;
	if (c->law > CTI_LAW_ULAW)
		return cti__why(why, len, "law: unknown law %u", c->law),
		       CTI_EINVAL;
	if (c->r2_variant || c->r2_category || c->r2_max_dnis ||
	    c->r2_max_ani || c->r2_flags)
		return cti__why(why, len,
				"%s: an R2 option, not valid on a PRI span",
				c->r2_variant	 ? "r2_variant"
				: c->r2_category ? "r2_category"
				: c->r2_max_dnis ? "r2_max_dnis"
				: c->r2_max_ani	 ? "r2_max_ani"
						 : "r2_flags"),
		       CTI_EINVAL;
	return 0;
}

int cti__span_cfg_resolve(const struct cti_span_config *in,
			  struct cti_span_config *out, char *why, size_t len)
{
	int rc;

	if (why && len)
		why[0] = '\0';
	if (!in)
		return cti__why(why, len, "config: NULL"), CTI_EINVAL;
	if (!reserved_zero(in))
		return cti__why(why, len, "reserved: not zero"), CTI_EINVAL;
	if (in->signalling == CTI_SIGNALLING_R2)
		rc = check_r2(in, why, len);
	else if (in->signalling == CTI_SIGNALLING_PRI)
		rc = check_pri(in, why, len);
	else {
		cti__why(why, len, "signalling: %u, expected PRI (0) or R2 (1)",
			 in->signalling);
		rc = CTI_EINVAL;
	}
	if (rc || !out)
		return rc;
	*out = *in;
	if (out->signalling == CTI_SIGNALLING_R2) {
		out->law = CTI_LAW_ALAW;
		return 0;
	}
	if (out->switchtype == CTI_SWITCH_DEFAULT)
		out->switchtype = out->type == CTI_SPAN_E1 ? CTI_SWITCH_EUROISDN
							   : CTI_SWITCH_NI2;
	if (out->law == CTI_LAW_DEFAULT)
		out->law =
			out->type == CTI_SPAN_E1 ? CTI_LAW_ALAW : CTI_LAW_ULAW;
	if (!out->digit_timeout_ms)
		out->digit_timeout_ms = 5000;
	return 0;
}

CTI_EXTERN int cti_span_config_check(const struct cti_span_config *cfg,
				     char *why, size_t why_len)
{
	return cti__span_cfg_resolve(cfg, NULL, why, why_len);
}
