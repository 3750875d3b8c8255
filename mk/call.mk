# Call-control area (issue 4): the call unit suite checks our DTMF
# generator with spandsp's detector as an independent reference.
$(BUILD)/tests/unit/call: LDFLAGS += -lspandsp
