# cti-sim's far ends (utils/cti-sim/farend.[ch]: callers on trunk spans,
# agents' phones on station spans, with their own tally) for other tools.
# A tool links the object by naming it as a prerequisite (the tools' link
# rule takes every .o prerequisite) and includes "../cti-sim/farend.h":
#   $(BUILD)/bin/TOOL: $(FAREND_OBJ)
# It is compiled once, with the tools' flags (public headers only).
FAREND_OBJ := $(BUILD)/obj/utils/cti-sim/farend.o

# ctid's hardware-free trial mode plays the far ends of its loop spans.
$(BUILD)/bin/ctid: $(FAREND_OBJ)
