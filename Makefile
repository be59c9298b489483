# Dawr — one Makefile for the whole tree; everything builds into $(BUILD)/.
# Targets: all check check-asan bench run install clean deps.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
SAN     ?=

# pkg-config names; the Debian packages that provide them are listed in DEBIAN_PACKAGES.
CORE_PKGS = sqlite3 inih jansson fribidi harfbuzz freetype2 fontconfig icu-i18n icu-uc libpng
SDL_PKGS  = sdl2 SDL2_ttf
BENCH_PKGS = pangocairo pangoft2

DEBIAN_PACKAGES = build-essential pkg-config sqlite3 tzdata \
  libsqlite3-dev libinih-dev libjansson-dev \
  libfribidi-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev libpng-dev \
  libsdl2-dev libsdl2-ttf-dev \
  fonts-noto-core fonts-dejavu-core \
  unicode-data libharfbuzz-bin libpango1.0-dev

ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Icore $(SAN) $(CFLAGS) \
              $(shell pkg-config --cflags $(CORE_PKGS) $(SDL_PKGS))
CORE_LIBS   = $(shell pkg-config --libs $(CORE_PKGS)) -lm
SDL_LIBS    = $(shell pkg-config --libs $(SDL_PKGS))
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# core/: a library (no SDL) plus the SDL glue in core/*_sdl.c; core programs are named below.
CORE_PROGS = dawrctl textshot
CORE_SRCS  = $(filter-out $(CORE_PROGS:%=core/%.c) $(wildcard core/*_sdl.c),$(wildcard core/*.c))
CORE_OBJS  = $(CORE_SRCS:%.c=$(BUILD)/obj/%.o)
SDLG_OBJS  = $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard core/*_sdl.c))
LIBCORE    = $(BUILD)/libdawr.a
LIBSDLG    = $(BUILD)/libdawr-sdl.a

TEST_SRCS  = $(wildcard tests/test_*.c)
TEST_BINS  = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
BENCH_SRCS = $(wildcard tests/bench_*.c)
BENCH_BINS = $(BENCH_SRCS:tests/%.c=$(BUILD)/tests/%)
# Only the programs whose source exists on this branch.
PROGS      = $(patsubst core/%.c,$(BUILD)/%,$(wildcard $(CORE_PROGS:%=core/%.c)))

.PHONY: all check check-asan bench run install clean deps
all: $(PROGS) $(TEST_BINS)

$(BUILD)/obj/%.o: %.c $(wildcard core/*.h tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBCORE): $(CORE_OBJS)
	@rm -f $@; ar rcs $@ $^

$(LIBSDLG): $(SDLG_OBJS)
	@rm -f $@; ar rcs $@ $^

$(BUILD)/%: $(BUILD)/obj/core/%.o $(LIBCORE)
	$(CC) $(ALL_LDFLAGS) $^ $(CORE_LIBS) -o $@

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/test_%.o $(LIBSDLG) $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $^ $(CORE_LIBS) $(SDL_LIBS) -o $@

$(BUILD)/tests/bench_%: tests/bench_%.c $(LIBSDLG) $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags $(BENCH_PKGS)) $(ALL_LDFLAGS) $^ \
	  $(CORE_LIBS) $(SDL_LIBS) $(shell pkg-config --libs $(BENCH_PKGS)) -o $@

# The test runner prints one line per test program and the total, "N passed, N failed".
check: all
	@BUILD=$(BUILD) tests/run $(TEST_BINS)

check-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" check

bench: $(PROGS) $(BENCH_BINS)
	@for b in $(BENCH_BINS); do BUILD=$(BUILD) $$b || exit 1; done

# Runs the appliance on this machine on the embedded SQLite default, in ./var.
run: all
	@mkdir -p var
	$(BUILD)/dawrctl --config assets/dawr.conf --db var/dawr.db init
	$(BUILD)/dawrctl --config assets/dawr.conf --db var/dawr.db status

install: $(PROGS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dawr $(DESTDIR)/etc/dawr
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	cp -r assets/. $(DESTDIR)$(PREFIX)/share/dawr/
	test -e $(DESTDIR)/etc/dawr/dawr.conf || install -m 644 assets/dawr.conf $(DESTDIR)/etc/dawr/dawr.conf

# Installs the Debian packages Dawr builds and tests with (uses sudo when not root).
deps:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)

clean:
	rm -rf $(BUILD)
