# ctid's control socket and service glue (utils/ctid/ctl*.c, service.c),
# built on their own as well: sanitized for the tests that drive the
# socket against a real engine (tests/integration/ctid_ctl), and for the
# request parser's fuzz target (tests/fuzz/ctid_ctl).
CTID_CTL_SRCS := $(filter utils/ctid/ctl%.c utils/ctid/service.c,$(wildcard utils/ctid/*.c))
CTID_CTL_SAN  := $(CTID_CTL_SRCS:%.c=$(BUILD)/asan/%.o)
$(BUILD)/asan/utils/%.o: utils/%.c | $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) $(WARN_STRICT) $(CFLAGS) -c $< -o $@
$(BUILD)/fuzz/utils/%.o: utils/%.c | $(TEST_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $(WARN_STRICT) $(CFLAGS) -c $< -o $@

# the suite runs the real cti-ctl against the socket it serves, and the
# real ctid
$(BUILD)/tests/integration/ctid_ctl: $(CTID_CTL_SAN) $(BUILD)/bin/cti-ctl \
	$(BUILD)/bin/ctid \
	$(BUILD)/prompts/.stamp
$(BUILD)/tests/integration/ctid_ctl: private EXT_LIBS += -ljansson -lsystemd
$(BUILD)/fuzz/bin/ctid_ctl: $(BUILD)/fuzz/utils/ctid/ctl_parse.o \
	$(BUILD)/fuzz/utils/ctid/ctl_cmds.o
$(BUILD)/fuzz/bin/ctid_ctl: private EXT_LIBS += -ljansson
