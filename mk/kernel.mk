# Kernel side: DAHDI's core and cticard.ko, built per kernel; the QEMU tests.
#
#   make kmod [KVER=...]     cticard.ko (and DAHDI) for one kernel
#   make check-vm            the guest tests on KVER (VMTESTS="60-... 63-..." for some)
#   make check-vm-rt         the cticard and PRI tests on the PREEMPT_RT kernel
#   make lint-kernel         sparse and checkpatch on kernel/ (part of make lint)
#   make check-dkms          cticard through DKMS for every installed kernel
#
# Everything built for a kernel lives in build/kernel/<KVER>/ (dahdi/, kmod/):
# a module is never reused for another kernel, and changing KVER never
# rebuilds the other one's.

# KVER is chosen once per make run: the newest generic Debian kernel with
# headers unless given (scripts/kver.sh never picks -rt by sort order);
# the PREEMPT_RT kernel is always named explicitly (KVER_RT).
ifeq ($(origin KVER),undefined)
KVER := $(shell scripts/kver.sh 2>/dev/null)
endif
KVER_RT       ?= $(shell scripts/kver.sh --rt 2>/dev/null)
KDIR          ?= /usr/src/linux-headers-$(KVER)
KBUILD_DIR    := $(BUILD)/kernel/$(KVER)
KMOD          := $(KBUILD_DIR)/kmod/cticard.ko
# DAHDI the module builds against: by default the one built here from
# Debian's dahdi-source; scripts/dkms-build.sh points these at dahdi-dkms's.
DAHDI_DIR     ?= $(KBUILD_DIR)/dahdi/modules/dahdi
DAHDI_INCLUDE ?= $(DAHDI_DIR)/include
DAHDI_SYMVERS ?= $(DAHDI_DIR)/drivers/dahdi/Module.symvers
# Warnings fail our module's build here; DKMS builds (kernels we have not
# tried, newer compilers) pass CTI_WERROR=n so a new warning is not a
# broken install.
CTI_WERROR    ?= y
# VM tests run on the PREEMPT_RT kernel by make check: every cticard test
# and the PRI ones.
VMTESTS_RT    ?= 25-dahdi-pri $(sort $(basename $(notdir \
		 $(wildcard tests/vm/guest/6*cticard*.sh))))

.PHONY: kmod dahdi check-vm check-vm-rt check-dkms lint-kernel

define no_kver
	@echo "kernel: no kernel headers found (linux-headers-amd64; or make KVER=...)" >&2; exit 1
endef

# Only DAHDI built here has a rule (dkms-build.sh brings its own).
LOCAL_DAHDI   := $(KBUILD_DIR)/dahdi/modules/dahdi/drivers/dahdi/Module.symvers
dahdi: $(LOCAL_DAHDI)
$(LOCAL_DAHDI): | $(DEPS_STAMP)
	$(if $(KVER),,$(no_kver))
	@scripts/build-dahdi.sh $(KDIR) $(KBUILD_DIR)/dahdi

# kbuild writes objects beside the sources: build from a tree of symlinks.
kmod: $(KMOD)
$(KMOD): $(DAHDI_SYMVERS) Kbuild $(shell find kernel -name '*.[ch]' 2>/dev/null)
	$(if $(KVER),,$(no_kver))
	@echo "kmod: cticard.ko for $(KVER) in $(@D)"
	@mkdir -p $(@D)
	@cp -asf $(abspath Kbuild) $(abspath kernel) $(@D)/
	@$(MAKE) --no-print-directory -C $(KDIR) M=$(abspath $(@D)) \
		DAHDI_INCLUDE=$(abspath $(DAHDI_INCLUDE)) CTI_WERROR=$(CTI_WERROR) \
		KBUILD_EXTRA_SYMBOLS=$(abspath $(DAHDI_SYMVERS)) modules

check-vm: all $(VMPROG_BINS)
	@tests/vm/run-vm.sh --kver $(KVER) --build $(BUILD) $(VMTESTS)

# The same tree's module built for the RT kernel, into its own directory.
check-vm-rt:
	@if [ -z "$(KVER_RT)" ]; then \
		echo "vm-rt: no PREEMPT_RT kernel headers (linux-headers-rt-amd64: make deps)" >&2; \
		echo "vm-rt: 0 passed, 1 failed"; exit 1; fi
	@$(MAKE) --no-print-directory KVER=$(KVER_RT) check-vm \
		VMTESTS="$(VMTESTS_RT)"

# As a user would install it: dkms build next to dahdi-dkms, each kernel.
check-dkms:
	@scripts/check-dkms.sh

# sparse (C=2: every file) through kbuild, with -Werror off so all of its
# findings print; checkpatch from the kernel tree when one is installed
# (Debian's headers packages do not ship it). Findings fail the target.
lint-kernel: $(DAHDI_SYMVERS)
	$(if $(KVER),,$(no_kver))
	@scripts/lint-kernel.sh $(KDIR) $(abspath $(KBUILD_DIR)/lint) \
		$(abspath $(DAHDI_INCLUDE)) $(abspath $(DAHDI_SYMVERS))
lint: lint-kernel
