# SPDX-License-Identifier: GPL-2.0
#
# labyrinth: build the module, run it in a QEMU guest, test it.
#
#   make [modules] [KVER=6.12|6.1|<release>]   build build/<release>/labyrinth.ko
#   make modules_install [KVER=...]            install it for that kernel
#   make run [KVER=...] [SIZE=60] [COUNT=...] [DURATION=...]
#                                              boot a guest, blast labyrinth
#   make check                                 W=1, sparse, checkpatch (both kernels)
#   make test                                  every check and selftest
#   make fuzz [FUZZ_SECONDS=600]               fuzz the RX logic (libFuzzer)
#   make modules KDIR=/path/to/kernel/tree     build against a built kernel tree
#   make bench [BENCH_ARGS=...]                labyrinth vs virtio_net, one boot
#   make debug-kernel                          build the debug/inject kernels
#   make test-debug                            selftests on those kernels
#
# The standard out-of-tree call works too:
#   make -C /lib/modules/<release>/build M=$PWD modules

KVER ?= 6.12
KERNELS ?= 6.12 6.1
SIZE ?= 60
COUNT ?= 2000000
DURATION ?= 10
BURST ?= 32

BUILD_DIR ?= build
# KDIR: a built kernel tree (make debug-kernel) instead of Debian's headers.
KDIR ?=
ifeq ($(KDIR),)
KREL = $(shell tools/deps kernel $(KVER))
# the host's /lib/modules/<release>/build, or the tree tools/deps unpacked
KBUILD = $$(tools/deps kernel-build $$rel)
else
KREL = $(shell $(MAKE) -s -C $(KDIR) kernelrelease)
KBUILD = $(KDIR)
endif

FUZZ_SECONDS ?= 600

.PHONY: all modules modules_install run check test fuzz bench debug-kernel \
	test-debug clean

all: modules

# Each kernel gets its own copy of the sources under $(BUILD_DIR)/<release>,
# so builds for 6.12 and 6.1 never trample each other's objects.
modules:
	@rel=$(KREL); [ -n "$$rel" ] || exit 1; out=$(BUILD_DIR)/$$rel; \
	mkdir -p $$out && cp -r --preserve=timestamps Kbuild driver include $$out/ && \
	$(MAKE) -C $(KBUILD) M=$(abspath $(BUILD_DIR))/$$rel \
		$(KFLAGS) modules && \
	echo "built $$out/labyrinth.ko"

modules_install: modules
	rel=$(KREL); $(MAKE) -C $(KBUILD) M=$(abspath $(BUILD_DIR))/$$rel modules_install

# What the guest runs comes from the host's root, shared over 9p.
GUEST_PACKAGES := iproute2 ethtool iputils-ping iperf3 procps kmod python3

run: modules
	tools/deps packages $(GUEST_PACKAGES)
	tools/lab-vm --kernel $(KVER) -- tools/lab-blast --size $(SIZE) \
		--count $(COUNT) --duration $(DURATION) --burst $(BURST)

check:
	tools/check $(KERNELS)

test:
	tools/deps packages gcc libc6-dev
	$(MAKE) -C selftests memhog
	tools/run-tests $(KERNELS)

fuzz:
	tools/deps packages clang-14 libclang-rt-14-dev
	$(MAKE) -C selftests/host fuzz-run FUZZ_SECONDS=$(FUZZ_SECONDS)

bench:
	tools/bench $(BENCH_ARGS)

debug-kernel:
	tools/debug-kernel build

test-debug:
	tools/test-debug

clean:
	rm -rf build
	rm -f labyrinth.ko labyrinth.mod labyrinth.mod.c labyrinth.mod.o labyrinth.o \
		Module.symvers modules.order driver/*.o driver/.*.cmd .*.cmd
