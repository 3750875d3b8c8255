# Call-control area (issue 4): the call tests check audio against spandsp's
# G.711 as an independent reference, so they link libspandsp.
$(BUILD)/tests/integration/call_loop: LDFLAGS += -lspandsp
$(BUILD)/tests/unit/call: LDFLAGS += -lspandsp
