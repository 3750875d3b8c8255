# make fuzz: libFuzzer targets, one per tests/fuzz/<target>/ directory
# (docs/fuzzing.md). Built with clang-14, -fsanitize=fuzzer,address,
# undefined, against a fuzz build of the library objects in
# $(BUILD)/fuzz/; each runs FUZZ_SECONDS from its seed corpus
# (tests/fuzz/<target>/corpus/) and fails on any crash, leak, timeout or
# sanitizer report. FUZZ="flow dsp" runs some.
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 20
FUZZ_TARGETS := $(call dirs_with_c,tests/fuzz)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/bin/%)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -MMD -MP $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link
FUZZ_LIB_OBJS:= $(LIB_SRCS:%.c=$(BUILD)/fuzz/%.o)
FUZZ_LIB_A   := $(BUILD)/fuzz/libcti.a
FUZZ_LSAN_OBJ:= $(BUILD)/fuzz/gen/lsan_supp.o

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)
fuzz: $(FUZZ_BINS)
	@scripts/run-fuzz.sh $(BUILD)/fuzz $(FUZZ_SECONDS) "$(FUZZ)"

$(BUILD)/fuzz/lib/%.o: lib/%.c | $(TEST_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fvisibility=hidden \
		$(WARN_STRICT) $(CFLAGS) -c $< -o $@
$(BUILD)/fuzz/tests/%.o: tests/%.c | $(TEST_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -Itests/fuzz $(WARN_STRICT) \
		$(CFLAGS) -c $< -o $@
$(FUZZ_LSAN_OBJ): $(LSAN_C)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARN) -c $< -o $@
$(FUZZ_LIB_A): $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/fuzz/bin/%: $$(call objs_of,fuzz,tests/fuzz/$$*/*.c) \
		$(FUZZ_LSAN_OBJ) $(FUZZ_LIB_A)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $(filter %.o,$^) \
		$(FUZZ_LIB_A) $(LDFLAGS) $(EXT_LIBS)
