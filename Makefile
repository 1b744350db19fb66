# bulletin.nvim — build, test, benchmark.
#
#   make            build build/bulletin
#   make test       every test: C units (Check), the same under ASan/UBSan,
#                   the corpus, the CLI, the RPC helper (python3-msgpack),
#                   Neovim and Vim functional tests (the Neovim parts
#                   under every Neovim in NVIMS), luacheck on the Lua files,
#                   every fuzz harness briefly
#   make test-lua   luacheck (.luacheckrc) on lua/, tests/nvim, tests/rpc, tests/lsp, bench
#   make asan       C units under -fsanitize=address,undefined
#   make bench      benchmarks (reported, never asserted)
#   make fuzz       libFuzzer harnesses, FUZZ_SECONDS each (clang), corpus kept
#                   in build/fuzz/corpus-*; a table of execs and coverage
#                   (FUZZ_RUNS=N: N executions each, no time limit unless
#                   FUZZ_SECONDS is given too; FUZZ_LOGDIR: where logs go)
#   make test-fuzz  every harness for FUZZ_BRIEF_SECONDS from the committed
#                   seeds (tests/fuzz/seeds/) and the regression inputs;
#                   part of make test
#   make format     clang-format every C file in place
#   make deps       install the Debian packages the build and tests need, and
#                   Neovim 0.10 and 0.12 under NVIM_PREFIX (tools/nvim-versions.sh)
#   make demo       build, then open Neovim on the sample bulletin
#   make clean

CC ?= cc
PKGS := libuv msgpack
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
CFLAGS ?= -O2 -g
BASE_CFLAGS := -std=c11 -D_XOPEN_SOURCE=700 $(WARN) $(CFLAGS)
# core/ is three products on one model (doc/ARCHITECTURE.md). Each folder
# sees only the headers it may use: the model its own (no libuv, no
# msgpack-c); the stdio transport (core/io, libuv) the model's and its
# own; the RPC helper the model's, the transport's and its own; the CLI
# the model's and its own; main.c every product's.
MODEL_CFLAGS := $(BASE_CFLAGS) -Icore/model
IO_CFLAGS := $(BASE_CFLAGS) $(shell pkg-config --cflags libuv 2>/dev/null) -Icore/model -Icore/io
RPC_CFLAGS := $(BASE_CFLAGS) $(PKG_CFLAGS) -Icore/model -Icore/io -Icore/rpc
CLI_CFLAGS := $(BASE_CFLAGS) $(PKG_CFLAGS) -Icore/model -Icore/cli
ALL_CFLAGS := $(BASE_CFLAGS) $(PKG_CFLAGS) -Icore/model -Icore/io -Icore/rpc -Icore/cli -Icore/lsp
# The language server (core/lsp, `bulletin lsp`): the model, libuv and
# jansson (JSON), no msgpack-c.
LSP_PKG_CFLAGS := $(shell pkg-config --cflags libuv jansson 2>/dev/null)
LSP_PKG_LIBS := $(shell pkg-config --libs jansson 2>/dev/null)
LSP_CFLAGS := $(BASE_CFLAGS) $(LSP_PKG_CFLAGS) -Icore/model -Icore/io -Icore/lsp
LDLIBS := $(PKG_LIBS) $(LSP_PKG_LIBS)

# Python with Debian's python3-msgpack (not a pyenv shim without it).
PYTHON ?= /usr/bin/python3
VIM ?= vim
# Every supported Neovim: the system's 0.7.2 (Debian 12) and 0.10 / 0.12,
# which `make deps` installs under NVIM_PREFIX. test-nvim, test-vim, test-rpc
# and bench run under each; one that is listed but missing fails the suite.
# One version only: make test-nvim NVIMS=/opt/nvim-versions/0.12/bin/nvim
# (or NVIM=... on the command line). $NVIM from the environment is ignored:
# Neovim's :terminal sets it to its server address.
NVIM_PREFIX ?= /opt/nvim-versions
ifeq ($(origin NVIM),command line)
NVIMS ?= $(NVIM)
endif
NVIMS ?= nvim $(NVIM_PREFIX)/0.10/bin/nvim $(NVIM_PREFIX)/0.12/bin/nvim
FUZZ_SECONDS ?= 30
FUZZ_BRIEF_SECONDS ?= 5

B := build
.DEFAULT_GOAL := all
MODEL_SRCS := $(wildcard core/model/*.c)
IO_SRCS := $(wildcard core/io/*.c)
RPC_SRCS := $(wildcard core/rpc/*.c)
CLI_SRCS := $(wildcard core/cli/*.c)
CORE_SRCS := $(MODEL_SRCS) $(IO_SRCS) $(RPC_SRCS) $(CLI_SRCS)
CORE_HDRS := $(wildcard core/*/*.h)
MODEL_OBJS := $(MODEL_SRCS:core/model/%.c=$(B)/obj/model/%.o)
IO_OBJS := $(IO_SRCS:core/io/%.c=$(B)/obj/io/%.o)
RPC_OBJS := $(RPC_SRCS:core/rpc/%.c=$(B)/obj/rpc/%.o)
CLI_OBJS := $(CLI_SRCS:core/cli/%.c=$(B)/obj/cli/%.o)
LSP_SRCS := $(wildcard core/lsp/*.c)
LSP_OBJS := $(LSP_SRCS:core/lsp/%.c=$(B)/obj/lsp/%.o)
# Model units link libbulletin-model.a alone; the RPC helper's and the
# CLI's (tests/unit/app/) link every library.
UNIT_SRCS := $(wildcard tests/unit/*.c)
APP_UNIT_SRCS := $(wildcard tests/unit/app/*.c) tests/unit/helpers.c
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Everything the build, the tests and the demo need, from Debian 12
# (patchelf and debian-archive-keyring: for tools/nvim-versions.sh).
DEBIAN_PACKAGES := build-essential pkg-config libuv1-dev libmsgpack-dev check \
    python3 python3-msgpack neovim vim tmux valgrind time clang libclang-rt-14-dev \
    patchelf debian-archive-keyring lua-check libjansson-dev emacs-nox elpa-eglot strace patch
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps demo
# The Debian packages, then Neovim 0.10 (Debian 13) and 0.12 (Debian
# unstable) unpacked under NVIM_PREFIX beside the system's 0.7.2; the
# machine's apt configuration and libc are left alone. Idempotent.
deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    $(DEBIAN_PACKAGES)
	$(SUDO) sh tools/nvim-versions.sh $(NVIM_PREFIX)

# The plugin from this checkout, no user config, on the sample bulletin.
demo: all
	$(firstword $(NVIMS)) --clean --cmd 'set rtp^=$(CURDIR)' --cmd 'filetype plugin indent on' \
	    --cmd 'syntax on' $(CURDIR)/samples/news-today.bulletin

.PHONY: all test test-unit asan test-corpus test-cli test-rpc test-lsp test-nvim test-vim \
        test-lua bench fuzz test-fuzz format clean

all: $(B)/bulletin

$(B)/obj/model/%.o: core/model/%.c | $(B)/obj/model
	$(CC) $(MODEL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/io/%.o: core/io/%.c | $(B)/obj/io
	$(CC) $(IO_CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/rpc/%.o: core/rpc/%.c | $(B)/obj/rpc
	$(CC) $(RPC_CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/cli/%.o: core/cli/%.c | $(B)/obj/cli
	$(CC) $(CLI_CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/lsp/%.o: core/lsp/%.c | $(B)/obj/lsp
	$(CC) $(LSP_CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/main.o: core/main.c | $(B)/obj
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# One folder per product; each made when missing (also in a build/ from
# before a folder existed).
$(B)/obj $(B)/obj/model $(B)/obj/io $(B)/obj/rpc $(B)/obj/cli $(B)/obj/lsp:
	mkdir -p $@

$(B)/libbulletin-model.a: $(MODEL_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/libbulletin-io.a: $(IO_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/libbulletin-rpc.a: $(RPC_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/libbulletin-cli.a: $(CLI_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/libbulletin-lsp.a: $(LSP_OBJS)
	rm -f $@ && ar rcs $@ $^

APP_LIBS := $(B)/libbulletin-cli.a $(B)/libbulletin-rpc.a $(B)/libbulletin-lsp.a \
    $(B)/libbulletin-io.a $(B)/libbulletin-model.a

$(B)/bulletin: $(B)/obj/main.o $(APP_LIBS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# The model's units: no libuv, no msgpack-c, on the compile or link line.
$(B)/test_unit: $(UNIT_SRCS) $(B)/libbulletin-model.a
	$(CC) $(MODEL_CFLAGS) $(CHECK_CFLAGS) -Itests/unit -o $@ $(UNIT_SRCS) \
	    $(B)/libbulletin-model.a $(CHECK_LIBS)

$(B)/test_unit_app: $(APP_UNIT_SRCS) $(APP_LIBS)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests/unit -Itests/unit/app -o $@ $(APP_UNIT_SRCS) \
	    $(APP_LIBS) $(CHECK_LIBS) $(LDLIBS)

# Sanitized builds of the same units, from source, in their own tree.
$(B)/test_unit_asan: $(UNIT_SRCS) $(MODEL_SRCS) $(CORE_HDRS)
	$(CC) $(MODEL_CFLAGS) $(ASAN_FLAGS) -O1 $(CHECK_CFLAGS) -Itests/unit -o $@ \
	    $(UNIT_SRCS) $(MODEL_SRCS) $(CHECK_LIBS)

$(B)/test_unit_app_asan: $(APP_UNIT_SRCS) $(CORE_SRCS) $(LSP_SRCS) $(CORE_HDRS)
	$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -O1 $(CHECK_CFLAGS) -Itests/unit -Itests/unit/app -o $@ \
	    $(APP_UNIT_SRCS) $(CORE_SRCS) $(LSP_SRCS) $(CHECK_LIBS) $(LDLIBS)

$(B)/bulletin_asan: $(CORE_SRCS) $(LSP_SRCS) core/main.c $(CORE_HDRS)
	$(CC) $(ALL_CFLAGS) $(LSP_PKG_CFLAGS) $(ASAN_FLAGS) -O1 -o $@ core/main.c $(CORE_SRCS) \
	    $(LSP_SRCS) $(LDLIBS)

# Check's summary ("100%: Checks: N, Failures: F, Errors: E") becomes the
# last line every suite ends with, "N passed, N failed"; a crash counts as
# a failure.
CHECK_SUMMARY = rc=$$?; cat $(B)/$@.log; \
    awk -v rc=$$rc '/^[0-9]+%: Checks: / { c += $$3 + 0; f += $$5 + $$7 } \
        END { if (rc && !f) f = 1; p = c - f; if (p < 0) p = 0; printf "%d passed, %d failed\n", p, f }' \
        $(B)/$@.log; rm -f $(B)/$@.log; exit $$rc

# Both runners always run; a failure of either fails the target.
test-unit: $(B)/test_unit $(B)/test_unit_app
	@( export CK_FORK=yes; r=0; $(B)/test_unit || r=1; $(B)/test_unit_app || r=1; exit $$r ) \
	    > $(B)/$@.log 2>&1; $(CHECK_SUMMARY)

asan: $(B)/test_unit_asan $(B)/test_unit_app_asan
	@( export CK_FORK=no ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1; r=0; \
	    $(B)/test_unit_asan || r=1; $(B)/test_unit_app_asan || r=1; exit $$r ) \
	    > $(B)/$@.log 2>&1; $(CHECK_SUMMARY)

test-corpus: $(B)/bulletin
	$(PYTHON) tests/corpus/test_corpus.py --bin $(B)/bulletin

test-cli: $(B)/bulletin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_cli.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_hostile_cli.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_output_errors.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_format_doc.py --bin $(B)/bulletin
	$(PYTHON) tests/cli/test_dialects.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_config_cmd.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_timing.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_fix.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_speakers.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	$(PYTHON) tests/cli/test_sarif.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan
	NVIMS='$(NVIMS)' VIM_BIN=$(VIM) $(PYTHON) tests/cli/test_archive.py --bin $(B)/bulletin \
	    --asan-bin $(B)/bulletin_asan

# The whole suite under the first Neovim of NVIMS, its real-Neovim test
# (nvim_edits.lua) under each of the others.
test-rpc: $(B)/bulletin
	@NVIMS='$(NVIMS)' sh tools/each-nvim.sh --rest -k --rest real_neovim \
	    $(PYTHON) tests/rpc/test_rpc.py --bin $(B)/bulletin
	@$(PYTHON) tests/rpc/test_memory.py --bin $(B)/bulletin
	@$(PYTHON) tests/rpc/test_dialect_rpc.py --bin $(B)/bulletin
	@$(PYTHON) tests/rpc/test_vocab_rpc.py --bin $(B)/bulletin
	@$(PYTHON) tests/rpc/test_timing_rpc.py --bin $(B)/bulletin
	@$(PYTHON) tests/rpc/test_fix_rpc.py --bin $(B)/bulletin

# The language server: an LSP client in Python (standard library only)
# against build/bulletin lsp, and the ASan build; then Neovim's vim.lsp
# under the Neovims of NVIMS that have it (0.10+).
test-lsp: $(B)/bulletin $(B)/bulletin_asan
	@NVIMS='$(NVIMS)' $(PYTHON) tests/lsp/test_lsp.py --bin $(B)/bulletin --asan-bin $(B)/bulletin_asan

test-nvim: $(B)/bulletin
	@NVIMS='$(NVIMS)' sh tools/each-nvim.sh sh tests/nvim/run.sh

test-vim:
	@VIM=$(VIM) NVIMS='$(NVIMS)' sh tests/vim/run.sh

# luacheck (Debian: lua-check) on every Lua file, as .luacheckrc says; one
# check per file, passed when luacheck finds nothing in it.
test-lua:
	@command -v luacheck >/dev/null 2>&1 || { echo "FAIL: luacheck not found (Debian: lua-check; make deps)"; \
	    echo "0 passed, 1 failed"; exit 1; }; \
	luacheck --no-color --codes lua tests/nvim tests/rpc tests/lsp bench 2>&1 | awk ' \
	    /^Checking / { if ($$NF == "OK") p++; else { f++; print } next } \
	    /^    / { print } \
	    END { if (p + f == 0) { print "FAIL: luacheck checked no file"; f = 1 } \
	        printf "%d passed, %d failed\n", p, f; exit f > 0 }'

# Every suite runs; the target fails if any failed.
test: all
	@failed=""; \
	for t in test-unit asan test-corpus test-cli test-rpc test-lsp test-nvim test-vim test-lua test-fuzz; do \
	    echo "==> make $$t"; \
	    $(MAKE) --no-print-directory $$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi; \
	echo "all test suites passed"

bench: $(B)/bulletin
	NVIMS='$(NVIMS)' $(PYTHON) bench/bench.py --bin $(B)/bulletin
	$(PYTHON) bench/bench_lsp.py --bin $(B)/bulletin
	$(PYTHON) bench/bench_lint.py --bin $(B)/bulletin
	$(PYTHON) bench/bench_archive.py --bin $(B)/bulletin
	$(PYTHON) bench/bench_vim.py --bin $(B)/bulletin

fuzz:
	sh tests/fuzz/run.sh $(if $(FUZZ_RUNS),--runs $(FUZZ_RUNS) $(if $(filter command line environment,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),0),$(FUZZ_SECONDS))

test-fuzz:
	sh tests/fuzz/run.sh --brief $(FUZZ_BRIEF_SECONDS)

format:
	clang-format -i core/*.c core/*/*.c core/*/*.h tests/unit/*.c tests/unit/app/*.[ch] \
	    tests/fuzz/*.c 2>/dev/null || true

clean:
	rm -rf $(B)

-include $(wildcard $(B)/obj/*.d $(B)/obj/*/*.d)
