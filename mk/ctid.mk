# ctid and cti-ctl (issue 13): the libraries only they link.
# libconfig (the configuration file, with line numbers), jansson (the
# control socket's JSON), libsystemd (sd_notify, the journal).
$(BUILD)/bin/ctid: PUB_LDFLAGS += -lconfig -ljansson -lsystemd
$(BUILD)/bin/cti-ctl: PUB_LDFLAGS += -ljansson
