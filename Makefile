# SPDX-License-Identifier: GPL-2.0
#
# iscsikt: in-kernel iSCSI target.
#
#   make                  module (for KVER), library, tool, iSNS daemon
#   make module KVER=...  the module for one kernel: build/kmod/KVER/iscsikt.ko
#   make check            host unit tests + guest-VM selftests (README)
#   make check-debug      the whole guest suite on the debug kernel
#   make bench            iscsikt against LIO and tgt (build/bench/)
#   make soak             I/O, logins and changes for SOAK_MINUTES (20)
#   make debug-kernel     the KASAN/lockdep/kmemleak guest kernel as .debs
#   make demo             a guest serving a LUN on 127.0.0.1:3260
#   make ynl              the kernel's YNL tool in build/ynl (linux-source-6.12)
#   make install          module, library, headers, tool, man pages, units
#   make units            the systemd units with the install paths (build/units)
#
# Kbuild (next to this file) describes the module for the kernel's build
# system; this Makefile only drives it.

TOP     := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
O       ?= $(TOP)/build
PREFIX  ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)

# The kernel to build against: the running kernel's build tree when it has
# one, else the newest tree under /lib/modules.
KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; \
	  else ls /lib/modules 2>/dev/null | sort -V | tail -n 1; fi)
KDIR ?= /lib/modules/$(KVER)/build
KMOD_DIR := $(O)/kmod/$(KVER)
# O names our build directory; the kernel's make would take it for its own.
MAKEOVERRIDES := $(filter-out O=%,$(MAKEOVERRIDES))

# Module sources, copied per kernel so that several kernels build side by
# side (Kbuild writes objects next to the sources).
KSRC := Kbuild $(shell cd $(TOP) && find kernel include -name '*.[ch]')

all: module lib tool isns

module:
	@test -d "$(KDIR)" || { echo "no kernel build tree at $(KDIR):" \
		"run scripts/install-deps.sh or set KDIR" >&2; exit 1; }
	@mkdir -p $(KMOD_DIR)
	@# Only sources whose bytes changed are copied, with a new mtime: a
	@# file put back to an older version still rebuilds its objects.
	@cd $(TOP) && for f in $(KSRC); do \
		cmp -s $$f $(KMOD_DIR)/$$f && continue; \
		mkdir -p $(KMOD_DIR)/$$(dirname $$f) && \
		cp $$f $(KMOD_DIR)/$$f || exit 1; \
	done
	$(MAKE) -C $(KDIR) M=$(KMOD_DIR) W=1 modules

lib:
	$(MAKE) -C $(TOP)/libiscsicfg O=$(O)

tool: lib
	$(MAKE) -C $(TOP)/tools O=$(O)

isns: lib
	$(MAKE) -C $(TOP)/isns O=$(O)

unit: tool
	$(MAKE) -C $(TOP)/tests/unit run

fuzz:
	$(MAKE) -C $(TOP)/tests/fuzz run

check:
	$(TOP)/scripts/check.sh

check-debug:
	$(TOP)/scripts/check.sh --debug-full

# The debug kernel of the test matrix, from linux-source-6.1 and the
# project's config fragments (selftests/config, selftests/config.debug).
debug-kernel:
	$(TOP)/scripts/build-debug-kernel.sh

# The newest Debian 6.1 kernel installed, as check.sh picks it.
GUEST_KVER := $(shell $(TOP)/scripts/vm/newest-kver.sh '6.1.*' 'kdebug$$')

# iscsikt against LIO and tgt in one guest boot (Documentation/benchmark.rst)
BENCH_KVER ?= $(GUEST_KVER)
bench: lib tool
	$(MAKE) module O=$(O) KVER=$(BENCH_KVER)
	$(TOP)/scripts/bench/run.sh --kver $(BENCH_KVER)

# A bounded soak in one guest boot (selftests/soak.sh): build/soak/
SOAK_KVER    ?= $(GUEST_KVER)
SOAK_MINUTES ?= 20
soak: lib tool
	$(MAKE) module O=$(O) KVER=$(SOAK_KVER)
	mkdir -p $(O)/soak
	IKT_SOAK_MINUTES=$(SOAK_MINUTES) $(TOP)/scripts/vm/run.sh \
		--kver $(SOAK_KVER) --timeout $$(( $(SOAK_MINUTES) * 60 + 900 )) \
		--results $(O)/soak -- $(TOP)/selftests/run_suite.sh \
		$(TOP)/selftests/soak.sh

demo:
	$(TOP)/scripts/demo.sh

# Checkpatch and sparse over the module sources.
# The kernel's YNL tool and netlink schemas, for selftests/ynl_test.sh,
# the spec's schema check and anyone who wants cli.py (netlink.rst).
ynl:
	$(TOP)/scripts/get-ynl.sh $(TOP)/build/ynl

lint: module
	$(TOP)/scripts/lint.sh $(KDIR) $(KMOD_DIR)

# The systemd units with this installation's paths (checked by
# tests/unit/packaging_test.sh).
UNITS := $(O)/units/iscsikt.service $(O)/units/iscsikt-isnsd.service
units: $(UNITS)
$(O)/units/%.service: $(TOP)/packaging/%.service.in FORCE
	@mkdir -p $(dir $@)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' $< >$@

install: all units
	$(MAKE) -C $(KDIR) M=$(KMOD_DIR) INSTALL_MOD_DIR=updates \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C $(TOP)/libiscsicfg O=$(O) PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) install
	$(MAKE) -C $(TOP)/tools O=$(O) PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) install
	$(MAKE) -C $(TOP)/isns O=$(O) PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) install
	install -D -m 0644 $(TOP)/include/uapi/linux/iscsikt.h \
		$(DESTDIR)$(PREFIX)/include/linux/iscsikt.h
	install -D -m 0644 -t $(DESTDIR)$(UNITDIR) $(UNITS)
	install -D -m 0644 $(TOP)/Documentation/man/iscsikt.conf.5 \
		$(DESTDIR)$(PREFIX)/share/man/man5/iscsikt.conf.5
	install -D -m 0644 $(TOP)/packaging/iscsicfg.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/iscsicfg
	@# always /etc, whatever the PREFIX: the path iscsicfg reads and writes
	test -e $(DESTDIR)/etc/iscsikt/iscsikt.conf || \
		install -D -m 0600 $(TOP)/packaging/iscsikt.conf \
			$(DESTDIR)/etc/iscsikt/iscsikt.conf

clean:
	rm -rf $(O)

.PHONY: all module lib tool unit fuzz check check-debug demo lint install clean isns bench debug-kernel soak ynl units FORCE
FORCE:
