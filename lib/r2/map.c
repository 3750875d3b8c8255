/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Variants, Q.850 causes and calling party categories of MFC/R2 in
 * openr2's terms. The enums of r2.h have openr2's values (checked at
 * compile time below), so r2.c passes them straight through.
 */
#include <strings.h>

#include <openr2.h>

#include "cti/call.h"
#include "r2/r2.h"

_Static_assert(
	(int)CTI__R2_DISC_BUSY == (int)OR2_CAUSE_BUSY_NUMBER &&
		(int)CTI__R2_DISC_CONGESTION ==
			(int)OR2_CAUSE_NETWORK_CONGESTION &&
		(int)CTI__R2_DISC_UNALLOCATED ==
			(int)OR2_CAUSE_UNALLOCATED_NUMBER &&
		(int)CTI__R2_DISC_OUT_OF_ORDER == (int)OR2_CAUSE_OUT_OF_ORDER &&
		(int)CTI__R2_DISC_UNSPECIFIED == (int)OR2_CAUSE_UNSPECIFIED &&
		(int)CTI__R2_DISC_NO_ANSWER == (int)OR2_CAUSE_NO_ANSWER &&
		(int)CTI__R2_DISC_NORMAL == (int)OR2_CAUSE_NORMAL_CLEARING &&
		(int)CTI__R2_DISC_COLLECT_REJECTED ==
			(int)OR2_CAUSE_COLLECT_CALL_REJECTED &&
		(int)CTI__R2_DISC_FORCED_RELEASE ==
			(int)OR2_CAUSE_FORCED_RELEASE &&
		(int)CTI__R2_DISC_NUMBER_CHANGED ==
			(int)OR2_CAUSE_NUMBER_CHANGED,
	"enum cti__r2_disc follows openr2_call_disconnect_cause_t");
_Static_assert(
	(int)CTI__R2_CAT_NATIONAL ==
			(int)OR2_CALLING_PARTY_CATEGORY_NATIONAL_SUBSCRIBER &&
		(int)CTI__R2_CAT_NATIONAL_PRIORITY ==
			(int)OR2_CALLING_PARTY_CATEGORY_NATIONAL_PRIORITY_SUBSCRIBER &&
		(int)CTI__R2_CAT_INTERNATIONAL ==
			(int)OR2_CALLING_PARTY_CATEGORY_INTERNATIONAL_SUBSCRIBER &&
		(int)CTI__R2_CAT_INTERNATIONAL_PRIORITY ==
			(int)OR2_CALLING_PARTY_CATEGORY_INTERNATIONAL_PRIORITY_SUBSCRIBER &&
		(int)CTI__R2_CAT_COLLECT_CALL ==
			(int)OR2_CALLING_PARTY_CATEGORY_COLLECT_CALL &&
		(int)CTI__R2_CAT_UNKNOWN ==
			(int)OR2_CALLING_PARTY_CATEGORY_UNKNOWN &&
		(int)CTI__R2_CAT_TEST_EQUIPMENT ==
			(int)OR2_CALLING_PARTY_CATEGORY_TEST_EQUIPMENT,
	"enum cti__r2_category follows openr2_calling_party_category_t");

static const struct {
	const char *name;
	int id;
} variants[] = {
	{ "cn", OR2_VAR_CHINA },       { "china", OR2_VAR_CHINA },
	{ "itu", OR2_VAR_ITU },	       { "ar", OR2_VAR_ARGENTINA },
	{ "br", OR2_VAR_BRAZIL },      { "cz", OR2_VAR_CZECH },
	{ "co", OR2_VAR_COLOMBIA },    { "ec", OR2_VAR_ECUADOR },
	{ "id", OR2_VAR_INDONESIA },   { "mx", OR2_VAR_MEXICO },
	{ "ph", OR2_VAR_PHILIPPINES }, { "ve", OR2_VAR_VENEZUELA },
};

#define N_VARIANTS (sizeof(variants) / sizeof(variants[0]))

int cti__r2_variant_parse(const char *name)
{
	if (!name || !*name)
		return OR2_VAR_CHINA;
	for (size_t i = 0; i < N_VARIANTS; i++)
		if (!strcasecmp(name, variants[i].name))
			return variants[i].id;
	return -1;
}

const char *cti__r2_variant_name(int variant)
{
	for (size_t i = 0; i < N_VARIANTS; i++)
		if (variants[i].id == variant)
			return openr2_proto_get_variant_string(variant);
	return "?";
}

const char *cti__r2_variant_list(void)
{
	return "cn (china), itu, ar, br, co, cz, ec, id, mx, ph, ve";
}

int cti__r2_disc_to_q850(int disc)
{
	switch (disc) {
	case CTI__R2_DISC_BUSY:
		return CTI_CAUSE_USER_BUSY; /* 17 */
	case CTI__R2_DISC_CONGESTION:
		return CTI_CAUSE_NO_CIRCUIT; /* 34 */
	case CTI__R2_DISC_UNALLOCATED:
		return CTI_CAUSE_UNALLOCATED; /* 1 */
	case CTI__R2_DISC_OUT_OF_ORDER:
		return 27; /* destination out of order */
	case CTI__R2_DISC_NO_ANSWER:
		return CTI_CAUSE_NO_ANSWER; /* 19 */
	case CTI__R2_DISC_NORMAL:
	case CTI__R2_DISC_FORCED_RELEASE:
		return CTI_CAUSE_NORMAL_CLEARING; /* 16 */
	case CTI__R2_DISC_COLLECT_REJECTED:
		return CTI_CAUSE_CALL_REJECTED; /* 21 */
	case CTI__R2_DISC_NUMBER_CHANGED:
		return 22; /* number changed */
	default:
		return CTI_CAUSE_NORMAL_UNSPECIFIED; /* 31 */
	}
}

int cti__r2_q850_to_disc(int cause)
{
	switch (cause) {
	case CTI_CAUSE_USER_BUSY:
		return CTI__R2_DISC_BUSY;
	case CTI_CAUSE_UNALLOCATED:
	case 2: /* no route to specified transit network */
	case 3: /* no route to destination */
	case CTI_CAUSE_INVALID_NUMBER:
		return CTI__R2_DISC_UNALLOCATED;
	case 22: /* number changed */
		return CTI__R2_DISC_NUMBER_CHANGED;
	case 27: /* destination out of order */
	case CTI_CAUSE_NETWORK_OUT_OF_ORDER:
		return CTI__R2_DISC_OUT_OF_ORDER;
	case CTI_CAUSE_NO_CIRCUIT:
	case CTI_CAUSE_TEMPORARY_FAILURE:
	case 42: /* switching equipment congestion */
	case CTI_CAUSE_CHANNEL_UNAVAILABLE:
	case 47: /* resource unavailable */
		return CTI__R2_DISC_CONGESTION;
	case 0:
	case CTI_CAUSE_NORMAL_CLEARING:
		return CTI__R2_DISC_NORMAL;
	case CTI_CAUSE_NO_ANSWER:
		return CTI__R2_DISC_NO_ANSWER;
	default:
		return CTI__R2_DISC_UNSPECIFIED;
	}
}

int cti__r2_proto_error_to_q850(int error)
{
	switch (error) {
	case OR2_SEIZE_TIMEOUT:
	case OR2_FWD_SAFETY_TIMEOUT:
	case OR2_BACK_MF_TIMEOUT:
	case OR2_ANSWER_TIMEOUT:
		return CTI_CAUSE_RECOVERY_ON_TIMER; /* 102 */
	default:
		return 111; /* protocol error, unspecified */
	}
}

static const char *const cat_names[CTI__R2_CAT_COUNT] = {
	[CTI__R2_CAT_NATIONAL] = "national",
	[CTI__R2_CAT_NATIONAL_PRIORITY] = "national-priority",
	[CTI__R2_CAT_INTERNATIONAL] = "international",
	[CTI__R2_CAT_INTERNATIONAL_PRIORITY] = "international-priority",
	[CTI__R2_CAT_COLLECT_CALL] = "collect",
	[CTI__R2_CAT_TEST_EQUIPMENT] = "test",
	[CTI__R2_CAT_UNKNOWN] = "unknown",
};

const char *cti__r2_category_name(int cat)
{
	if (cat < 0 || cat >= CTI__R2_CAT_COUNT)
		return "unknown";
	return cat_names[cat];
}

int cti__r2_category_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < CTI__R2_CAT_COUNT; i++)
		if (!strcasecmp(name, cat_names[i]))
			return i;
	return -1;
}
