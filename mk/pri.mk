# libpri inside libcti (docs/call.md, "libpri's clock").
#
# libpri 1.6 reads gettimeofday() for its Q.921/Q.931 timers and has no
# clock hook. Rather than define gettimeofday() in libcti (which would
# replace libc's in every program linking it), libcti carries its own copy
# of libpri: Debian's libpri-dev ships libpri.a built position-independent,
# its members are joined into one relocatable object and that object's
# references to gettimeofday are renamed to cti__pri_gettimeofday
# (lib/pri/clock.c), which follows the context's clock. objcopy on the
# object, not -Wl,--wrap: a wrap is decided when the final program is
# linked, so it would not hold for programs linking the static libcti.a.
#
# libcti.so then exports only its own API (the version script: libpri's
# symbols stay inside), and needs libpri.so no more; libcti.a holds the
# same object, so a static program links no libpri of its own either.

# Debian's place when the compiler cannot tell yet (deps not installed)
LIBPRI_A   ?= $(firstword $(wildcard $(shell $(CC) -print-file-name=libpri.a)) \
		/usr/lib/libpri.a)
LIBPRI_OBJ := $(BUILD)/libpri/libpri-cti.o
LD         ?= ld
OBJCOPY    ?= objcopy

# scripts/deps.sh installs it (libpri-dev)
$(LIBPRI_A): | $(BUILD_DEPS)
	@test -f $@ || { echo "$@ missing: install libpri-dev" >&2; exit 1; }

$(LIBPRI_OBJ): $(LIBPRI_A) mk/pri.mk | $(BUILD_DEPS)
	@mkdir -p $(@D)
	$(LD) -r -o $@.tmp --whole-archive $(LIBPRI_A)
	$(OBJCOPY) --redefine-sym gettimeofday=cti__pri_gettimeofday \
		$@.tmp $@
	@rm -f $@.tmp
	@! nm $@ | grep -qw 'U gettimeofday' || \
		{ echo "$@: gettimeofday still referenced" >&2; rm -f $@; exit 1; }

# the object joins every flavour of the library (the rules link $^)
$(LIB_SO) $(LIB_A) $(SAN_LIB_A) $(FUZZ_LIB_A): $(LIBPRI_OBJ)
$(LIB_SO): LDFLAGS += -Wl,--version-script=mk/libcti.ver -Wl,--as-needed
