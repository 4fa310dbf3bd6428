# lstar: thin wrapper around CMake. `make demo` and `make test` install what is missing
# (Debian bookworm packages), configure, build into build/, and run.
#   make demo        socket_demo (examples/) under `lstar run`, on lstar's own guest kernel
#   make demo-trace  the flat demo program with an instruction trace
#   make bench       bench/run: lstar against native, qemu-x86_64 and qemu-system (not a test)
PACKAGES := cmake g++ make binutils libzydis-dev libzycore-dev libfmt-dev catch2 qemu-system-x86 \
            musl-tools cpio busybox-static gdb python3 libedit-dev strace libsdl2-dev zlib1g-dev console-setup-linux
JOBS ?= 2
BUILD := build
BUILD_SAN := build-san

.PHONY: all setup build build-san demo demo-trace test difftest bench clean

all: build

setup:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "lstar needs these Debian packages:$$missing"; \
	    echo "Run as root:  apt-get update && apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	  echo "installing:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

build-san: setup
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DLSTAR_SANITIZE=ON
	cmake --build $(BUILD_SAN) -j$(JOBS) --target lstar_tests

demo: build
	./$(BUILD)/lstar run $(BUILD)/socket_demo

demo-trace: build
	./$(BUILD)/lstar flat $(BUILD)/demo.bin --trace=insn

test: build build-san
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	cd $(BUILD_SAN) && ctest --output-on-failure -j$(JOBS)

bench: build
	@command -v qemu-x86_64 >/dev/null || echo "bench: qemu-x86_64 is missing (apt-get install qemu-user); its column will read n/a"
	bench/run --build $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_SAN)
