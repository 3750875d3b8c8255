// SPDX-License-Identifier: LGPL-2.1-or-later
/* Q.850 cause values and their texts (ITU-T Q.850 Table 1). */
#include "cti/call.h"
#include "core/util.h"

struct cause_text {
	int cause;
	const char *text;
};

static const struct cause_text causes[] = {
	{ 1, "Unallocated (unassigned) number" },
	{ 2, "No route to specified transit network" },
	{ 3, "No route to destination" },
	{ 6, "Channel unacceptable" },
	{ 7, "Call awarded and being delivered in an established channel" },
	{ 16, "Normal call clearing" },
	{ 17, "User busy" },
	{ 18, "No user responding" },
	{ 19, "No answer from user (user alerted)" },
	{ 20, "Subscriber absent" },
	{ 21, "Call rejected" },
	{ 22, "Number changed" },
	{ 26, "Non-selected user clearing" },
	{ 27, "Destination out of order" },
	{ 28, "Invalid number format (address incomplete)" },
	{ 29, "Facility rejected" },
	{ 30, "Response to STATUS ENQUIRY" },
	{ 31, "Normal, unspecified" },
	{ 34, "No circuit/channel available" },
	{ 38, "Network out of order" },
	{ 41, "Temporary failure" },
	{ 42, "Switching equipment congestion" },
	{ 43, "Access information discarded" },
	{ 44, "Requested circuit/channel not available" },
	{ 47, "Resource unavailable, unspecified" },
	{ 49, "Quality of service not available" },
	{ 50, "Requested facility not subscribed" },
	{ 57, "Bearer capability not authorized" },
	{ 58, "Bearer capability not presently available" },
	{ 63, "Service or option not available, unspecified" },
	{ 65, "Bearer capability not implemented" },
	{ 66, "Channel type not implemented" },
	{ 69, "Requested facility not implemented" },
	{ 70, "Only restricted digital information bearer capability is "
	      "available" },
	{ 79, "Service or option not implemented, unspecified" },
	{ 81, "Invalid call reference value" },
	{ 82, "Identified channel does not exist" },
	{ 83, "A suspended call exists, but this call identity does not" },
	{ 84, "Call identity in use" },
	{ 85, "No call suspended" },
	{ 86, "Call having the requested call identity has been cleared" },
	{ 88, "Incompatible destination" },
	{ 91, "Invalid transit network selection" },
	{ 95, "Invalid message, unspecified" },
	{ 96, "Mandatory information element is missing" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message not compatible with call state or message type "
	      "non-existent or not implemented" },
	{ 99, "Information element/parameter non-existent or not "
	      "implemented" },
	{ 100, "Invalid information element contents" },
	{ 101, "Message not compatible with call state" },
	{ 102, "Recovery on timer expiry" },
	{ 103, "Parameter non-existent or not implemented, passed on" },
	{ 111, "Protocol error, unspecified" },
	{ 127, "Interworking, unspecified" },
};

CTI_EXTERN const char *cti_cause_text(int cause)
{
	for (size_t i = 0; i < ARRAY_SIZE(causes); i++)
		if (causes[i].cause == cause)
			return causes[i].text;
	return "Unknown cause";
}
