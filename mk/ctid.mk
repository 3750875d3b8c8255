# ctid and cti-ctl (issue 13): the libraries only they link.
# libconfig (the configuration file, with line numbers), jansson (the
# control socket's JSON), libsystemd (sd_notify, the journal).
$(BUILD)/bin/ctid: PUB_LDFLAGS += -lconfig -ljansson -lsystemd
$(BUILD)/bin/cti-ctl: PUB_LDFLAGS += -ljansson
# The daemon's own objects (everything in utils/ctid but the control
# socket and service glue), sanitized for the suites that link them.
CTID_DAEMON_SRCS := $(filter-out utils/ctid/main.c $(CTID_CTL_SRCS),$(wildcard utils/ctid/*.c))
CTID_DAEMON_SAN  := $(CTID_DAEMON_SRCS:%.c=$(BUILD)/asan/%.o)
CTID_CONF_SRCS   := $(wildcard utils/ctid/conf*.c)
$(BUILD)/tests/unit/ctid: $(CTID_DAEMON_SAN) $(CTID_CTL_SAN) $(BUILD)/bin/ctid \
	$(BUILD)/prompts/.stamp
# the trial mode's far ends (trial.c), as ctid links them (mk/cti-sim.mk)
$(BUILD)/tests/unit/ctid: $(BUILD)/asan/utils/cti-sim/farend.o
$(BUILD)/tests/unit/ctid: private EXT_LIBS += -lconfig -ljansson -lsystemd
$(BUILD)/fuzz/bin/ctid_conf: $(CTID_CONF_SRCS:%.c=$(BUILD)/fuzz/%.o)
$(BUILD)/fuzz/bin/ctid_conf: private EXT_LIBS += -lconfig
# ctid --simulate, run as a user would (tests/integration/ctid_simulate)
$(BUILD)/tests/integration/ctid_simulate: $(BUILD)/bin/ctid $(BUILD)/prompts/.stamp
