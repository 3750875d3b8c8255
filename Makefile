# cti: E1/T1 telephony stack -- top-level build.
#
#   make                 libcti (shared + static), tools, examples, cticard.ko
#   make check           install deps, build, run unit + integration + fuzz
#                        + VM tests
#   make check-unit      unit + integration suites (T="dsp acd" for some)
#   make check-vm        kernel tests in QEMU (VMTESTS="10-dahdi-load" for some)
#   make fuzz            every libFuzzer target for FUZZ_SECONDS (20) each
#   make bench           benchmarks
#   make demo            the whole-stack demonstration
#   make lint | format | install | clean
#
# Sources are found by path (docs/HACKING.md): nothing to register here.

BUILD    ?= build
PREFIX   ?= /usr/local
LIBDIR   ?= $(PREFIX)/lib
INCDIR   ?= $(PREFIX)/include
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share
# /etc for a system install (PREFIX=/usr), else under the prefix
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
# systemd looks in /usr/lib and /usr/local/lib for these alike
UNITDIR  ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
DESTDIR  ?=
CC       ?= cc
AR       ?= ar

# KVER (the kernel cticard.ko and DAHDI are built for): mk/kernel.mk
JOBS     ?= $(shell nproc)

VERSION_MAJOR := $(shell sed -n 's/^\#define CTI_VERSION_MAJOR //p' include/cti/common.h)
VERSION_MINOR := $(shell sed -n 's/^\#define CTI_VERSION_MINOR //p' include/cti/common.h)
VERSION_PATCH := $(shell sed -n 's/^\#define CTI_VERSION_PATCH //p' include/cti/common.h)
VERSION  := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)
# SONAME rule (docs/HACKING.md): libcti.so.0.MINOR while MAJOR is 0 (any
# MINOR may break the ABI before 1.0), libcti.so.MAJOR from 1.0 on.
SONAME   := libcti.so.$(VERSION_MAJOR)$(if $(filter 0,$(VERSION_MAJOR)),.$(VERSION_MINOR))

# ---- flags -----------------------------------------------------------------
WARN       := -Wall -Wextra -Werror
WARN_STRICT:= $(WARN) -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wpointer-arith -Wformat=2
CPPFLAGS   += -D_GNU_SOURCE -Iinclude -Ilib -Ikernel
BASE_CFLAGS:= -std=gnu11 -g -MMD -MP
REL_CFLAGS := $(BASE_CFLAGS) -O2 -fPIC -fvisibility=hidden
SAN        := -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
SAN_CFLAGS := $(BASE_CFLAGS) -O1 -fvisibility=hidden $(SAN)
# libpq: the store's PostgreSQL backend (lib/store/pg.c)
PQ_CFLAGS  := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
PQ_LIBS    := $(shell pkg-config --libs libpq 2>/dev/null || echo -lpq)
CPPFLAGS   += $(PQ_CFLAGS)
EXT_LIBS   := -lcrypto -lsqlite3 $(PQ_LIBS) -lsndfile -lm -lpthread
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

# ---- sources ---------------------------------------------------------------
LIB_SRCS    := $(sort $(wildcard lib/*/*.c))
FRAMER_SRCS := $(sort $(wildcard kernel/framer/*.c))
# A tool, suite or benchmark is a directory with C sources in it.
dirs_with_c = $(sort $(patsubst $(1)/%/,%,$(dir $(wildcard $(1)/*/*.c))))
# utils/common is no tool: what the tools share (tool.h), an archive each
# links, so a tool takes only the parts it calls.
UTILS       := $(filter-out common,$(call dirs_with_c,utils))
TOOL_COMMON := $(BUILD)/obj/utils/common/libtool.a
EXAMPLES    := $(sort $(basename $(notdir $(wildcard examples/*.c))))
UNIT_SUITES := $(call dirs_with_c,tests/unit)
INTEG_SUITES:= $(call dirs_with_c,tests/integration)
BENCHES     := $(call dirs_with_c,tests/bench)
MANPAGES    := $(sort $(wildcard man/*.[1-8]))
PUB_HEADERS := $(sort $(wildcard include/cti/*.h))
SCHEMAS     := $(sort $(wildcard docs/*.schema.json))
VMPROGS     := $(sort $(basename $(notdir $(wildcard tests/vm/progs/*.c))))

REL_LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/asan/%.o)
REL_FR_OBJS  := $(FRAMER_SRCS:%.c=$(BUILD)/obj/%.o)
SAN_FR_OBJS  := $(FRAMER_SRCS:%.c=$(BUILD)/asan/%.o)

LIB_SO      := $(BUILD)/lib/libcti.so.$(VERSION)
LIB_A       := $(BUILD)/lib/libcti.a
SAN_LIB_A   := $(BUILD)/asan/libcti.a
FR_A        := $(BUILD)/obj/libframer.a
SAN_FR_A    := $(BUILD)/asan/libframer.a
PC_FILE     := $(BUILD)/lib/pkgconfig/libcti.pc

UTIL_BINS   := $(UTILS:%=$(BUILD)/bin/%)
EXAMPLE_BINS:= $(EXAMPLES:%=$(BUILD)/examples/%)
UNIT_BINS   := $(UNIT_SUITES:%=$(BUILD)/tests/unit/%)
INTEG_BINS  := $(INTEG_SUITES:%=$(BUILD)/tests/integration/%)
BENCH_BINS  := $(BENCHES:%=$(BUILD)/bench/%)
VMPROG_BINS := $(VMPROGS:%=$(BUILD)/vmprogs/%)

# Debian packages by group (scripts/packages.txt): compiling waits only for
# the build group, test programs for the test group too; the DAHDI/VM
# world (kernel image, QEMU) only for what needs it. make check and make
# demo install every group first.
BUILD_DEPS  := $(BUILD)/.deps-build-ok
TEST_DEPS   := $(BUILD)/.deps-test-ok
DEPS_STAMP  := $(BUILD)/.deps-ok

.PHONY: all lib utils examples check check-unit check-install bench \
        demo lint format install uninstall clean distclean deps tests
.DEFAULT_GOAL := all

all: lib utils examples kmod
lib: $(LIB_SO) $(LIB_A) $(PC_FILE)
utils: $(UTIL_BINS)
examples: $(EXAMPLE_BINS)
tests: $(UNIT_BINS) $(INTEG_BINS)

# ---- dependencies (Debian packages) ----------------------------------------
deps:
	@scripts/deps.sh
$(BUILD_DEPS): scripts/deps.sh scripts/packages.txt
	@scripts/deps.sh build
	@mkdir -p $(@D) && touch $@
$(TEST_DEPS): scripts/deps.sh scripts/packages.txt
	@scripts/deps.sh build test
	@mkdir -p $(@D) && touch $@
$(DEPS_STAMP): scripts/deps.sh scripts/packages.txt
	@scripts/deps.sh
	@mkdir -p $(@D) && touch $@

# ---- compilation -----------------------------------------------------------
$(BUILD)/obj/lib/%.o: lib/%.c | $(BUILD_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(REL_CFLAGS) $(WARN_STRICT) $(CFLAGS) -c $< -o $@
$(BUILD)/asan/lib/%.o: lib/%.c | $(BUILD_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(SAN_CFLAGS) $(WARN_STRICT) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/kernel/%.o: kernel/%.c | $(BUILD_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(REL_CFLAGS) $(WARN_STRICT) $(CFLAGS) -c $< -o $@
$(BUILD)/asan/kernel/%.o: kernel/%.c | $(BUILD_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(SAN_CFLAGS) $(WARN_STRICT) $(CFLAGS) -c $< -o $@

# Replaced by rename, never rewritten in place: programs running from
# build/ (a VM test, a demo) keep a whole library while it is rebuilt.
$(LIB_SO): $(REL_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@.tmp $^ \
		$(LDFLAGS) $(EXT_LIBS)
	mv -f $@.tmp $@
	ln -sfn libcti.so.$(VERSION) $(BUILD)/lib/$(SONAME).tmp
	mv -Tf $(BUILD)/lib/$(SONAME).tmp $(BUILD)/lib/$(SONAME)
	ln -sfn $(SONAME) $(BUILD)/lib/libcti.so.tmp
	mv -Tf $(BUILD)/lib/libcti.so.tmp $(BUILD)/lib/libcti.so
$(LIB_A): $(REL_LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^
$(SAN_LIB_A): $(SAN_LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^
$(FR_A): $(REL_FR_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^
$(SAN_FR_A): $(SAN_FR_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(PC_FILE): libcti.pc.in include/cti/common.h $(BUILD)/.prefix-$(subst /,_,$(PREFIX)_$(LIBDIR)_$(INCDIR))
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' \
	    -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|g' \
	    -e 's|@INCDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCDIR))|g' \
	    -e 's|@VERSION@|$(VERSION)|g' $< > $@

$(BUILD)/.prefix-%:
	@mkdir -p $(@D) && rm -f $(BUILD)/.prefix-* && touch $@

# Every program is linked from objects compiled one source at a time (so
# header dependencies are exact). Flags by where the source lives:
#  - utils/, examples/: public headers only, linked with the shared library;
#  - tests/unit/, tests/integration/: sanitized, static, private headers;
#  - tests/bench/, tests/vm/progs/: optimized, static, private headers.
PUB_CFLAGS  := -std=gnu11 -g -O2 -MMD -MP -D_GNU_SOURCE -Iinclude $(WARN_STRICT)
PUB_LDFLAGS := -L$(BUILD)/lib -Wl,-rpath,'$$ORIGIN/../lib' -lcti -lm
TEST_CFLAGS := -std=gnu11 -g -O1 -MMD -MP $(SAN) $(WARN) -Itests/unit
BENCH_CFLAGS:= -std=gnu11 -g -O2 -MMD -MP $(WARN) -Itests/bench

$(BUILD)/obj/utils/%.o: utils/%.c | $(BUILD_DEPS)
	@mkdir -p $(@D)
	$(CC) $(PUB_CFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/examples/%.o: examples/%.c | $(BUILD_DEPS)
	@mkdir -p $(@D)
	$(CC) $(PUB_CFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/asan/tests/%.o: tests/%.c | $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/tests/%.o: tests/%.c | $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(BENCH_CFLAGS) $(CFLAGS) -c $< -o $@

# Objects are kept (not "intermediate"), so relinks do not recompile.
.SECONDARY:

objs_of = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(sort $(wildcard $(2))))
SUITE_MAIN := $(BUILD)/asan/tests/unit/main.o

# tests/lsan.supp, linked into every sanitized test (and fuzz target) as
# LSan's default suppressions, so a suite run by hand needs no LSAN_OPTIONS.
LSAN_SUPP := tests/lsan.supp
LSAN_C    := $(BUILD)/gen/lsan_supp.c
LSAN_OBJ  := $(BUILD)/asan/gen/lsan_supp.o
$(LSAN_C): $(LSAN_SUPP)
	@mkdir -p $(@D)
	{ echo '/* generated from $< */'; \
	  echo 'const char *__lsan_default_suppressions(void);'; \
	  echo 'const char *__lsan_default_suppressions(void)'; \
	  echo '{'; echo '	return ""'; \
	  sed -n 's/^\([^#[:space:]][^"\\]*\)$$/		"\1\\n"/p' $<; \
	  echo '		;'; echo '}'; } > $@.tmp && mv -f $@.tmp $@
$(LSAN_OBJ): $(LSAN_C)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(CFLAGS) -c $< -o $@

.SECONDEXPANSION:
$(BUILD)/bin/%: $$(call objs_of,obj,utils/$$*/*.c) $(TOOL_COMMON) $(LIB_SO)
	@mkdir -p $(@D)
	$(CC) -o $@ $(filter %.o,$^) $(TOOL_COMMON) $(LDFLAGS) $(PUB_LDFLAGS)
$(TOOL_COMMON): $(call objs_of,obj,utils/common/*.c)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^
$(BUILD)/examples/%: $(BUILD)/obj/examples/%.o $(LIB_SO)
	@mkdir -p $(@D)
	$(CC) -o $@ $< $(LDFLAGS) $(PUB_LDFLAGS)
$(BUILD)/tests/unit/%: $$(call objs_of,asan,tests/unit/$$*/*.c) $(SUITE_MAIN) \
		$(LSAN_OBJ) $(SAN_LIB_A) $(SAN_FR_A)
	@mkdir -p $(@D)
	$(CC) $(SAN) -o $@ $(filter %.o,$^) $(SAN_LIB_A) $(SAN_FR_A) \
		$(LDFLAGS) $(CHECK_LIBS) $(EXT_LIBS)
$(BUILD)/tests/integration/%: $$(call objs_of,asan,tests/integration/$$*/*.c) \
		$(SUITE_MAIN) $(LSAN_OBJ) $(SAN_LIB_A) $(SAN_FR_A)
	@mkdir -p $(@D)
	$(CC) $(SAN) -o $@ $(filter %.o,$^) $(SAN_LIB_A) $(SAN_FR_A) \
		$(LDFLAGS) $(CHECK_LIBS) $(EXT_LIBS)
# Benchmarks may link reference implementations (spandsp), never libcti.
$(BUILD)/bench/%: $$(call objs_of,obj,tests/bench/$$*/*.c) $(LIB_A) $(FR_A)
	@mkdir -p $(@D)
	$(CC) -o $@ $(filter %.o,$^) $(LIB_A) $(FR_A) $(LDFLAGS) -lspandsp \
		$(EXT_LIBS)
# Helper programs the guest tests run: no sanitizers (the guest has none).
$(BUILD)/vmprogs/%: $(BUILD)/obj/tests/vm/progs/%.o $(LIB_A) $(FR_A)
	@mkdir -p $(@D)
	$(CC) -o $@ $< $(LIB_A) $(FR_A) $(LDFLAGS) $(EXT_LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Extra rules of one area (generated prompts, ...): mk/<area>.mk
-include $(sort $(wildcard mk/*.mk))

# ---- tests -----------------------------------------------------------------
# Every stage runs even after a failure, so one run reports everything.
check: deps
	$(MAKE) -j$(JOBS) all tests
	@scripts/check-all.sh "$(MAKE)"

# Stage an install, then build and run a program outside the tree with
# nothing but pkg-config's answer.
check-install:
	@scripts/check-install.sh $(BUILD)

# T="a b" builds and runs only those suites (unit or integration).
SELECTED_SUITES := $(if $(T),$(foreach t,$(T),$(filter %/$(t),$(UNIT_BINS) $(INTEG_BINS))),$(UNIT_BINS) $(INTEG_BINS))
check-unit: $(SELECTED_SUITES) $(UTIL_BINS)
	@scripts/run-suites.sh $(BUILD)/tests "$(T)"

bench: $(BENCH_BINS) utils
	@scripts/run-benches.sh $(BUILD)/bench "$(B)"

demo: deps
	$(MAKE) -j$(JOBS) all
	@scripts/demo.sh $(BUILD) $(KVER)

# ---- quality ---------------------------------------------------------------
lint: | $(TEST_DEPS)
	cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
		--enable=warning,performance,portability \
		--suppress=missingIncludeSystem -D_GNU_SOURCE -Iinclude -Ilib \
		-Ikernel $(wildcard lib utils kernel/framer)
format:
	clang-format -i $$(git ls-files '*.c' '*.h')

# ---- install ---------------------------------------------------------------
# Man pages go to the section their name ends in; the service's unit gets
# the installed paths; the sample configuration never replaces one that is
# there; the default prompt set (build/prompts/<lang>/) goes under
# $(DATADIR)/cti/prompts/.
MAN_SECTIONS := $(sort $(patsubst .%,%,$(suffix $(MANPAGES))))
SAMPLE_CONF  := $(wildcard etc/ctid.conf)
SAMPLE_FLOWS := $(wildcard etc/flows/*.flow)
# The sample names the prompt set where a default install puts it; an
# install elsewhere gets its own DATADIR there.
SAMPLE_SED   := -e 's|"/usr/local/share/cti/|"$(DATADIR)/cti/|g'
# $(call install_sample,NAME,SOURCE): $(SYSCONFDIR)/cti/NAME.sample always,
# NAME itself only where there is none (it is the operator's from then on)
define install_sample
install -d $(dir $(DESTDIR)$(SYSCONFDIR)/cti/$(1)) && \
	sed $(SAMPLE_SED) $(2) > $(DESTDIR)$(SYSCONFDIR)/cti/$(1).sample && \
	chmod 0644 $(DESTDIR)$(SYSCONFDIR)/cti/$(1).sample && \
	{ [ -e $(DESTDIR)$(SYSCONFDIR)/cti/$(1) ] || \
	  cp -p $(DESTDIR)$(SYSCONFDIR)/cti/$(1).sample $(DESTDIR)$(SYSCONFDIR)/cti/$(1); };
endef
UNIT_SED     := -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
                -e 's|@DATADIR@|$(DATADIR)|g'
install: lib utils prompts
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR)/cti \
		$(DESTDIR)$(BINDIR)
	install -m 0644 $(PUB_HEADERS) $(DESTDIR)$(INCDIR)/cti/
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf libcti.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libcti.so
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 0644 $(PC_FILE) $(DESTDIR)$(LIBDIR)/pkgconfig/
	$(if $(UTIL_BINS),install -m 0755 $(UTIL_BINS) $(DESTDIR)$(BINDIR)/)
	$(foreach s,$(MAN_SECTIONS),install -d $(DESTDIR)$(MANDIR)/man$(s) && \
		install -m 0644 $(filter %.$(s),$(MANPAGES)) $(DESTDIR)$(MANDIR)/man$(s)/;)
	install -d $(DESTDIR)$(DATADIR)/cti
	install -m 0644 $(SCHEMAS) $(LSAN_SUPP) $(DESTDIR)$(DATADIR)/cti/
	for d in $(BUILD)/prompts/*/; do \
		l=$$(basename $$d); \
		install -d $(DESTDIR)$(DATADIR)/cti/prompts/$$l && \
		install -m 0644 $$d*.wav $(DESTDIR)$(DATADIR)/cti/prompts/$$l/ || exit 1; \
	done
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR)
	sed $(UNIT_SED) etc/ctid.service.in > $(DESTDIR)$(UNITDIR)/ctid.service.tmp
	chmod 0644 $(DESTDIR)$(UNITDIR)/ctid.service.tmp
	mv -f $(DESTDIR)$(UNITDIR)/ctid.service.tmp $(DESTDIR)$(UNITDIR)/ctid.service
	install -m 0644 etc/ctid.sysusers $(DESTDIR)$(SYSUSERSDIR)/ctid.conf
	install -m 0644 etc/ctid.tmpfiles $(DESTDIR)$(TMPFILESDIR)/ctid.conf
	$(if $(SAMPLE_CONF),$(call install_sample,ctid.conf,$(SAMPLE_CONF)))
	$(foreach f,$(SAMPLE_FLOWS),$(call install_sample,flows/$(notdir $(f)),$(f)))

# The configuration in $(SYSCONFDIR)/cti/ (ctid.conf, flows/) is the
# operator's: kept.
uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libcti.* $(DESTDIR)$(LIBDIR)/pkgconfig/libcti.pc
	rm -rf $(DESTDIR)$(INCDIR)/cti $(DESTDIR)$(DATADIR)/cti
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(UTILS)) \
		$(foreach m,$(MANPAGES),$(DESTDIR)$(MANDIR)/man$(patsubst .%,%,$(suffix $(m)))/$(notdir $(m))) \
		$(DESTDIR)$(UNITDIR)/ctid.service $(DESTDIR)$(SYSUSERSDIR)/ctid.conf \
		$(DESTDIR)$(TMPFILESDIR)/ctid.conf $(DESTDIR)$(SYSCONFDIR)/cti/ctid.conf.sample \
		$(SAMPLE_FLOWS:etc/%=$(DESTDIR)$(SYSCONFDIR)/cti/%.sample)

clean:
	rm -rf $(BUILD)/obj $(BUILD)/asan $(BUILD)/lib $(BUILD)/bin \
		$(BUILD)/examples $(BUILD)/tests $(BUILD)/bench $(BUILD)/kernel \
		$(BUILD)/vm
distclean:
	rm -rf $(BUILD)
