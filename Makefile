# Dawr — one Makefile for the whole tree; everything builds into $(BUILD)/.
# Targets: all check check-asan bench run install clean deps image image-check image-deps.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
DATADIR  = $(PREFIX)/share/dawr
CFLAGS  ?= -O2 -g
SAN     ?=

# Each part's pkg-config packages and Debian packages, one line each, so a part's change
# touches only its own line.
CORE_PKGS    = sqlite3 inih jansson fribidi harfbuzz freetype2 fontconfig icu-i18n icu-uc libpng cairo
SDL_PKGS     = sdl2 SDL2_ttf
PRINTER_PKGS = libqrencode
# libcups has no .pc file on Debian 12; libzbar (QR decoding) is linked only where used (tests).
PRINTER_LIBS = $(shell cups-config --libs 2>/dev/null || echo -lcups) -Wl,--as-needed -lzbar -Wl,--no-as-needed
CONSOLE_PKGS = libmicrohttpd libsodium
DISPLAY_PKGS = espeak-ng libcurl
KIOSK_PKGS   =
BENCH_PKGS   = pangocairo pangoft2
ALL_PKGS     = $(CORE_PKGS) $(SDL_PKGS) $(PRINTER_PKGS) $(CONSOLE_PKGS) $(DISPLAY_PKGS) $(KIOSK_PKGS)

BUILD_DEBS   = build-essential pkg-config sqlite3 tzdata
CORE_DEBS    = libsqlite3-dev libinih-dev libjansson-dev
TEXT_DEBS    = libfribidi-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev libpng-dev \
               fonts-noto-core fonts-dejavu-core unicode-data libharfbuzz-bin
SDL_DEBS     = libsdl2-dev libsdl2-ttf-dev
REPORT_DEBS  = libcairo2-dev poppler-utils
PRINTER_DEBS = libcups2-dev libqrencode-dev cups-daemon cups-client cups-core-drivers cups-ipp-utils \
               avahi-daemon dbus-daemon iproute2 libzbar-dev
CONSOLE_DEBS = libmicrohttpd-dev libsodium-dev chromium nodejs $(if $(shell command -v npm 2>/dev/null),,npm)
DISPLAY_DEBS = libespeak-ng-dev espeak-ng-data xvfb libcurl4-openssl-dev
KIOSK_DEBS   = chromium
BENCH_DEBS   = libpango1.0-dev
# image/: only `make image`, `make image-check` and CI's image step use these (not make deps).
IMAGE_DEBS   = mmdebstrap qemu-system-x86 genext2fs e2fsprogs jq fdisk dosfstools mtools systemd-boot-efi
DEBIAN_PACKAGES = $(BUILD_DEBS) $(CORE_DEBS) $(TEXT_DEBS) $(SDL_DEBS) $(REPORT_DEBS) $(PRINTER_DEBS) $(CONSOLE_DEBS) \
                  $(DISPLAY_DEBS) $(KIOSK_DEBS) $(BENCH_DEBS)

ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Icore -Iprinter $(SAN) $(CFLAGS) \
              -DDAWR_DATADIR='"$(DATADIR)"' $(shell pkg-config --cflags $(ALL_PKGS))
ALL_LIBS    = $(shell pkg-config --libs $(ALL_PKGS)) $(PRINTER_LIBS) -lm
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# core/: libdawr.a (no SDL), and the SDL glue core/*_sdl.c in libdawr-sdl.a.
# printer/: libdawr-printer.a. Programs are named here; their mains are not in the libraries.
CORE_PROGS    = dawrctl textshot
PRINTER_PROGS = rastertoescpos
CUPS_SERVERBIN ?= $(shell cups-config --serverbin 2>/dev/null || echo /usr/lib/cups)
CORE_SRCS  = $(filter-out $(CORE_PROGS:%=core/%.c) $(wildcard core/*_sdl.c),$(wildcard core/*.c))
SDLG_SRCS  = $(wildcard core/*_sdl.c)
PRNT_SRCS  = $(filter-out $(PRINTER_PROGS:%=printer/%.c),$(wildcard printer/*.c))
LIBCORE    = $(BUILD)/libdawr.a
LIBSDLG    = $(BUILD)/libdawr-sdl.a
LIBPRNT    = $(BUILD)/libdawr-printer.a
LIBS       = $(LIBPRNT) $(LIBSDLG) $(LIBCORE)

# Front-ends: every .c in the folder makes one program.
FRONTENDS  = $(if $(wildcard kiosk/*.c),$(BUILD)/dawr-kiosk) $(if $(wildcard display/*.c),$(BUILD)/dawr-display) \
             $(if $(wildcard counter/*.c),$(BUILD)/dawr-console)

TEST_SRCS  = $(wildcard tests/test_*.c)
TEST_BINS  = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
BENCH_SRCS = $(wildcard tests/bench_*.c)
BENCH_BINS = $(BENCH_SRCS:tests/%.c=$(BUILD)/tests/%)
# Only the programs whose source exists.
PROGS      = $(patsubst core/%.c,$(BUILD)/%,$(wildcard $(CORE_PROGS:%=core/%.c))) \
             $(patsubst printer/%.c,$(BUILD)/%,$(wildcard $(PRINTER_PROGS:%=printer/%.c))) $(FRONTENDS)

.PHONY: all check check-asan bench run install clean deps print-deps image image-check image-deps print-image-deps
.SECONDARY:
all: $(PROGS) $(TEST_BINS)

HEADERS = $(wildcard core/*.h printer/*.h tests/*.h kiosk/*.h display/*.h counter/*.h)

# "make V=1" shows the full compiler command lines.
Q = $(if $(V),,@)
$(BUILD)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

objs = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

# DATADIR (from PREFIX) is compiled into app.c and config.c: a stamp holding it, rewritten only
# when it changes, rebuilds those two, so `make install PREFIX=/usr` after a plain `make` is right.
DATADIR_STAMP := $(BUILD)/datadir.stamp
$(shell mkdir -p $(BUILD) && [ "$$(cat $(DATADIR_STAMP) 2>/dev/null)" = "$(DATADIR)" ] || echo "$(DATADIR)" >$(DATADIR_STAMP))
$(BUILD)/obj/core/app.o $(BUILD)/obj/core/config.o: $(DATADIR_STAMP)

$(LIBCORE): $(call objs,$(CORE_SRCS))
	@rm -f $@; ar rcs $@ $^
$(LIBSDLG): $(call objs,$(SDLG_SRCS))
	@rm -f $@; ar rcs $@ $^
$(LIBPRNT): $(call objs,$(PRNT_SRCS))
	@rm -f $@; ar rcs $@ $^

$(BUILD)/dawr-kiosk: $(call objs,$(wildcard kiosk/*.c)) $(LIBS)
	$(if $(V),,@echo "  LD $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/dawr-display: $(call objs,$(wildcard display/*.c)) $(LIBS)
	$(if $(V),,@echo "  LD $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/dawr-console: $(call objs,$(wildcard counter/*.c)) $(LIBS)
	$(if $(V),,@echo "  LD $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@

$(BUILD)/%: $(BUILD)/obj/core/%.o $(LIBS)
	$(if $(V),,@echo "  LD $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/%: $(BUILD)/obj/printer/%.o $(LIBS)
	$(if $(V),,@echo "  LD $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/test_%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  LD $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@

$(BUILD)/tests/bench_%: tests/bench_%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  LD $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags $(BENCH_PKGS)) $(ALL_LDFLAGS) $^ \
	  $(ALL_LIBS) $(shell pkg-config --libs $(BENCH_PKGS)) -o $@

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
	@echo "Staff PIN for counter 1 (console sign-in and the kiosk's maintenance):"
	@echo "  echo 1234 | $(BUILD)/dawrctl --config assets/dawr.conf --db var/dawr.db set-pin 1"
	@$(BUILD)/dawr-display --config assets/dawr.conf --db var/dawr.db >var/dawr-display.log 2>&1 & display=$$!; \
	 $(BUILD)/dawr-console --config assets/dawr.conf --db var/dawr.db --pages assets/console \
	   >var/console.log 2>&1 & console=$$!; \
	 echo "dawr-display and dawr-console (http://localhost:8080/) run in the background, logs in var/"; \
	 $(BUILD)/dawr-kiosk --config assets/dawr.conf --db var/dawr.db; \
	 kill $$display $$console 2>/dev/null; wait

install: $(PROGS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dawr $(DESTDIR)/etc/dawr
	install -m 755 $(filter-out $(PRINTER_PROGS:%=$(BUILD)/%),$(PROGS)) $(DESTDIR)$(PREFIX)/bin/
	cp -r assets/. $(DESTDIR)$(PREFIX)/share/dawr/
	test -e $(DESTDIR)/etc/dawr/dawr.conf || install -m 644 assets/dawr.conf $(DESTDIR)/etc/dawr/dawr.conf
	# printer/: the CUPS filter where cupsd looks for filters (its ServerBin, not under PREFIX),
	# the PPDs where lpadmin -m and cups-driverd find them.
	install -d $(DESTDIR)$(CUPS_SERVERBIN)/filter $(DESTDIR)$(PREFIX)/share/ppd/dawr
	install -m 755 $(BUILD)/rastertoescpos $(DESTDIR)$(CUPS_SERVERBIN)/filter/
	install -m 644 printer/ppd/*.ppd $(DESTDIR)$(PREFIX)/share/ppd/dawr/

# Installs the Debian packages Dawr builds and tests with (uses sudo when not root).
deps:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)

print-deps:
	@echo $(DEBIAN_PACKAGES)

# The appliance image (image/build.sh says how): ROLE=appliance (default) or display-box.
ROLE ?= appliance
image: all
	image/build.sh $(BUILD)/image/$(ROLE) $(ROLE)

# Builds and boots the image under QEMU (TCG) and checks it; skips with the reason when the
# machine has no mmdebstrap, QEMU or network. Not part of make check: minutes, not seconds.
image-check: all $(BUILD)/dawr-dev-imgcmp
	@BUILD=$(BUILD) image/check.sh $(BUILD)/image

$(BUILD)/dawr-dev-imgcmp: image/imgcmp.c
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(ALL_LIBS) -o $@

image-deps:
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(IMAGE_DEBS)

print-image-deps:
	@echo $(IMAGE_DEBS)

clean:
	rm -rf $(BUILD)
