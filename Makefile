# traitscan - plain GNU Makefile.  `make help` lists the targets.

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PKG_CONFIG ?= pkg-config

WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
            -Wno-sign-conversion
OPT      ?= -O2 -g
PKGS     := libpcre2-8 zlib jansson
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lpcre2-8 -lz -ljansson)
CPPFLAGS += -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS   ?= $(OPT)
ALL_CFLAGS = $(WARN) $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) -MMD -MP
LDLIBS   += $(PKG_LIBS) -lcsv -lpthread -lm

# BUILD selects the object directory so that the normal, -Werror test and
# sanitizer builds never mix objects.
BUILD    ?= build/release
LIB_SRC  := $(filter-out src/cli_%.c,$(sort $(wildcard src/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli_*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libtraitscan.a
BIN      := $(BUILD)/traitscan
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/replay_%)
# test-only programs (tests/tools/): built with the suite, never installed
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
# Allocation-failure tests: the allocation calls of our own objects (not
# those inside shared libraries) go to the test's allocator, which fails
# them one at a time (tests/unit/test_alloc_fail.c, tests/faults/).
ALLOC_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
# test-only: the CLI run in-process, out of memory (tests/faults/cli_alloc.c)
FAULT_BIN := $(BUILD)/faults/cli_alloc

SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all demo test check unit deps install uninstall eval realdata bench fuzz help clean lint valgrind tsan
.DEFAULT_GOAL := all
# keep the test objects (intermediate files to make) so a second check does
# not rebuild them
.SECONDARY:

all: traitscan

traitscan: $(BIN)
	cp $(BIN) $@

## build rules (shared by every BUILD flavour)
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/unit/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(TEST_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/unit/test_alloc_fail: TEST_LDFLAGS := $(ALLOC_WRAP)

# cli_main.c again with main renamed, so that the test can call it
$(BUILD)/tests/faults/cli_main.o: src/cli_main.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Dmain=ts_test_cli_main -c $< -o $@

$(FAULT_BIN): $(BUILD)/tests/faults/cli_alloc.o $(BUILD)/tests/faults/cli_main.o \
              $(filter-out %/cli_main.o,$(CLI_OBJ)) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(ALLOC_WRAP) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/fuzz/replay_%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Everything the suite needs in one BUILD directory.
check: $(BIN) $(UNIT_BIN) $(FUZZ_BIN) $(TOOL_BIN) $(FAULT_BIN)

-include $(shell find build -name '*.d' 2>/dev/null)

## deps: install missing build packages (apt-get; sudo when not root)
deps:
	@sh tests/deps.sh

## demo: set up, build and run on samples/
demo: deps all
	@echo '== traitscan scan samples/ (per agent) =='
	./traitscan scan --format table samples/*.csv samples/*.csv.gz
	@echo
	@echo '== chat logs, JSON tickets and an mbox, per agent =='
	./traitscan scan --format table --agents samples/chat_agents.list \
		--agent-domain brightline.example samples/chat_transcripts.txt \
		samples/helpdesk_tickets.json samples/support_mailbox.mbox
	@echo
	@echo '== one conversation, per message =='
	./traitscan scan --by message --format table samples/zendesk_comments.csv | head -n 12
	@echo
	@echo '== first-contact resolution, per conversation =='
	./traitscan scan -q --by conversation --format table samples/zendesk_comments.csv | cut -c1-150 | head -n 11

## test: set up, then the whole suite (-Werror) and again under ASan+UBSan
test: deps
	$(MAKE) --no-print-directory BUILD=build/test EXTRA_CFLAGS=-Werror check
	$(MAKE) --no-print-directory BUILD=build/asan OPT='-O1 -g' \
		EXTRA_CFLAGS='-Werror $(SAN_FLAGS)' LDFLAGS='$(SAN_FLAGS)' check
	@sh tests/run.sh build/test build/asan

## valgrind: the whole suite under memcheck (no JIT: valgrind cannot see
## into PCRE2's JIT code, the interpreter gives the same matches)
VALGRIND := valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --track-fds=no
valgrind: deps
	@command -v valgrind >/dev/null || sh tests/deps.sh valgrind
	$(MAKE) --no-print-directory BUILD=build/valgrind OPT='-O1 -g' \
		EXTRA_CFLAGS='-Werror -DTS_NO_JIT' check
	@TS_RUNNER='$(VALGRIND)' sh tests/run.sh build/valgrind

## tsan: the threaded path (-j) under ThreadSanitizer
tsan: deps
	$(MAKE) --no-print-directory BUILD=build/tsan OPT='-O1 -g' \
		EXTRA_CFLAGS='-Werror -fsanitize=thread' LDFLAGS='-fsanitize=thread' \
		build/tsan/traitscan build/tsan/unit/test_pool
	@sh tests/tsan.sh build/tsan

## eval: F1 against the human labels in ../shared/eval (no threshold)
eval: deps all
	@sh tests/eval.sh

## realdata: check the readers against ../shared/data (python3 computes what to expect)
realdata: deps all $(TOOL_BIN)
	@sh tests/deps.sh python3
	@TOOLS=$(BUILD)/tools sh tests/realdata.sh

## bench: throughput and memory against zcat and the peer baseline
bench: deps all $(TOOL_BIN)
	@TOOLS=$(BUILD)/tools sh tests/bench/bench.sh

## fuzz: libFuzzer on every target for FUZZ_SECONDS each (needs clang)
FUZZ_SECONDS ?= 60
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

## lint: cppcheck and gcc -fanalyzer over src/ (reviewed findings listed)
lint:
	@sh tests/lint.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/traitscan/lexicons \
		$(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 traitscan $(DESTDIR)$(PREFIX)/bin/traitscan
	install -m 644 lexicons/*.txt $(DESTDIR)$(PREFIX)/share/traitscan/lexicons/
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libtraitscan.a
	install -m 644 include/traitscan.h $(DESTDIR)$(PREFIX)/include/traitscan.h

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/traitscan $(DESTDIR)$(PREFIX)/lib/libtraitscan.a \
		$(DESTDIR)$(PREFIX)/include/traitscan.h
	rm -rf $(DESTDIR)$(PREFIX)/share/traitscan

clean:
	rm -rf build traitscan

help:
	@echo 'make            build ./traitscan'
	@echo 'make demo       install missing packages, build, run on samples/'
	@echo 'make test       install missing packages, run the whole suite (-Werror, then ASan+UBSan)'
	@echo 'make deps       check build dependencies, apt-get install the missing ones'
	@echo 'make eval       F1 per labelled trait on ../shared/eval/*.csv'
	@echo 'make realdata   check the readers against the real exports in ../shared/data'
	@echo 'make bench      throughput and peak memory vs zcat and the peer baseline'
	@echo 'make fuzz       libFuzzer on every tests/fuzz target, FUZZ_SECONDS each (default 60)'
	@echo 'make valgrind   the whole suite under valgrind memcheck (slow)'
	@echo 'make lint       cppcheck and gcc -fanalyzer over src/'
	@echo 'make install    PREFIX=$(PREFIX) DESTDIR=$(DESTDIR): binary, lexicons, library, header'
	@echo 'make uninstall  remove what install put there'
	@echo 'make clean      remove build/ and ./traitscan'
