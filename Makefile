# Dawr — one Makefile for the whole tree; everything builds into $(BUILD)/.
# Targets: all check check-asan bench run install clean deps pot image image-check image-deps.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
DATADIR  = $(PREFIX)/share/dawr
# The version is debian/changelog's first entry: one place, read without dpkg-dev.
VERSION := ${shell sed -n '1s/^dawr (\([^)]*\)).*/\1/p' debian/changelog}
LOCALEDIR = $(PREFIX)/share/locale
CFLAGS  ?= -O2 -g
SAN     ?=

# ---- The parts, and what each may use ---------------------------------------------------
# A part compiles with its own folder, the folders of the parts it USES and the pkg-config
# packages it may use; nothing else is on its include path. Headers it must never see (FORBID)
# are shadowed by files that stop the compiler with a message (see forbid-headers below), so
# an "#include <cups/cups.h>" in the engine fails even though it lives in /usr/include.
# tests/test_parts.c compiles forbidden includes against each part's flags and expects failure.
PARTS = engine text ui printer sync tools kiosk display console

engine_USES   = engine
engine_PKGS   = sqlite3 inih jansson libsodium icu-i18n icu-uc
engine_FORBID = SDL CUPS HTTP CAIRO SPEECH PNG PG
text_USES     = text
text_PKGS     = fribidi harfbuzz freetype2 fontconfig icu-i18n icu-uc libpng jansson
text_FORBID   = SDL CUPS HTTP CAIRO SPEECH SQL PG
ui_USES       = ui text
# expat (the SVG files' XML) and cairo (an anti-aliased image surface) for the pictograms:
# ui/ui_icon.c alone uses them. librsvg would map ~10 MB of code into the kiosk (issue 15).
ui_PKGS       = sdl2 SDL2_ttf espeak-ng cairo expat $(text_PKGS)
ui_FORBID     = CUPS HTTP SQL PNG PG
# libcups has no .pc file on Debian 12: its headers are in /usr/include, its library below.
printer_USES  = printer engine text
printer_PKGS  = libqrencode $(engine_PKGS) $(text_PKGS)
printer_FORBID = SDL HTTP CAIRO SPEECH SQL PNG PG
# dawr-sync: the branch's log to the association's central PostgreSQL (libpq).
sync_USES     = sync engine
sync_PKGS     = libpq $(engine_PKGS)
sync_FORBID   = SDL CUPS HTTP CAIRO SPEECH SQL PNG FRONTENDS
tools_USES    = tools engine text printer sync
tools_PKGS    = cairo libpq $(printer_PKGS)
tools_FORBID  = SDL HTTP SPEECH SQL PNG
kiosk_USES    = kiosk engine text ui printer
kiosk_PKGS    = $(ui_PKGS) $(engine_PKGS)
kiosk_FORBID  = CUPS HTTP CAIRO SQL PNG PG FRONTENDS
display_USES  = display engine text ui
display_PKGS  = $(ui_PKGS) $(engine_PKGS) libcurl
display_FORBID = CUPS MHD CAIRO SQL PNG PG FRONTENDS
console_USES  = console engine text printer
console_PKGS  = libmicrohttpd $(engine_PKGS) $(text_PKGS)
console_FORBID = SDL CUPS CURL CAIRO SPEECH SQL PNG PG FRONTENDS

# The headers behind each FORBID word.
FORBID_SDL    = SDL.h SDL2/SDL.h SDL_ttf.h SDL2/SDL_ttf.h
FORBID_CUPS   = cups/cups.h cups/raster.h cups/ipp.h cups/ppd.h
FORBID_MHD    = microhttpd.h
FORBID_CURL   = curl/curl.h
FORBID_HTTP   = $(FORBID_MHD) $(FORBID_CURL)
# cairo (ui/ui_icon.c's alone among the parts that show things), and librsvg (the tests' reference).
FORBID_CAIRO  = cairo.h cairo/cairo.h cairo-pdf.h cairo/cairo-pdf.h librsvg/rsvg.h
FORBID_SPEECH = espeak-ng/speak_lib.h
# Only sync/ (and the tools' central report through it) speaks to PostgreSQL.
FORBID_PG     = libpq-fe.h postgresql/libpq-fe.h
# Only the engine runs SQL; its private headers (store.h, queue_internal.h) include this one,
# so they stop the compiler above the engine too.
FORBID_SQL    = sqlite3.h
# libpng is text/text_png.c's alone: every other part reads and writes PNG through it.
FORBID_PNG    = png.h libpng16/png.h
# Front-ends never include each other: their headers by name (their folders are not on the path).
FORBID_FRONTENDS = $(filter-out $(addsuffix .h,$(notdir $(basename $(wildcard $(1)/*.h)))), \
                   $(notdir $(wildcard kiosk/*.h display/*.h console/*.h)))

# The Debian packages, one line per part, so a part's change touches only its own line.
BUILD_DEBS   = build-essential pkg-config sqlite3 tzdata gettext man-db
ENGINE_DEBS  = libsqlite3-dev libinih-dev libjansson-dev libsodium-dev
TEXT_DEBS    = libfribidi-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev libpng-dev \
               fonts-noto-core fonts-dejavu-core unicode-data libharfbuzz-bin
UI_DEBS      = libsdl2-dev libsdl2-ttf-dev libespeak-ng-dev espeak-ng-data libexpat1-dev libcairo2-dev librsvg2-dev xvfb
TOOLS_DEBS   = libcairo2-dev poppler-utils
PRINTER_DEBS = libcups2-dev libqrencode-dev cups-daemon cups-client cups-core-drivers cups-ipp-utils \
               avahi-daemon dbus-daemon iproute2 libzbar-dev
CONSOLE_DEBS = libmicrohttpd-dev chromium nodejs $(if $(shell command -v npm 2>/dev/null),,npm)
DISPLAY_DEBS = libcurl4-openssl-dev
# sync/: libpq; the tests run a private PostgreSQL 15 cluster (initdb, pg_ctl).
SYNC_DEBS    = libpq-dev postgresql-15
BENCH_DEBS   = libpango1.0-dev
# make fuzz only (and CI's fuzz step): clang's libFuzzer with its sanitizers.
FUZZ_DEBS    = clang libclang-rt-14-dev
# image/: only `make image`, `make image-check` and CI's image step use these (not make deps); the
# image is built from the packages, so it needs make deb's tools too.
IMAGE_DEBS   = mmdebstrap qemu-system-x86 genext2fs e2fsprogs jq fdisk dosfstools mtools systemd-boot-efi $(DEB_DEBS)
# make deb, make deb-check and CI's package step: Debian's packaging tools and lintian.
DEB_DEBS     = debhelper dpkg-dev fakeroot lintian
DEBIAN_PACKAGES = $(BUILD_DEBS) $(ENGINE_DEBS) $(TEXT_DEBS) $(UI_DEBS) $(TOOLS_DEBS) $(PRINTER_DEBS) \
                  $(CONSOLE_DEBS) $(DISPLAY_DEBS) $(SYNC_DEBS) $(BENCH_DEBS)

# ---- Flags ------------------------------------------------------------------------------
# Only pkg-config is asked, and only when something is compiled (never for print-deps or -n).
pkgflags = $(shell pkg-config --cflags $(sort $(1)))
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -MMD -MP $(SAN) $(CPPFLAGS) $(CFLAGS) $(DATADIR_FLAG)
part_cflags = $(BASE_CFLAGS) -I$(BUILD)/forbid/$(1) $(addprefix -I,$($(1)_USES)) $(call pkgflags,$($(1)_PKGS))
ALL_PKGS    = $(sort $(foreach p,$(PARTS),$($(p)_PKGS)))
# Tests and benchmarks may look at every part.
TEST_CFLAGS = $(BASE_CFLAGS) $(addprefix -I,$(PARTS)) -Itests $(call pkgflags,$(ALL_PKGS))
CUPS_LIBS   = $(shell cups-config --libs 2>/dev/null || echo -lcups)
ALL_LIBS    = $(shell pkg-config --libs $(ALL_PKGS)) $(CUPS_LIBS) -lm
ALL_LDFLAGS = $(SAN) $(LDFLAGS)
# libzbar (QR decoding) is linked only by the tests that read receipts back.
TEST_LIBS   = $(ALL_LIBS) -lzbar

# ---- What is built ----------------------------------------------------------------------
# Every part but tools/ is an archive; a front-end's main.c is its program, the rest of the
# folder its archive, so tests link the kiosk's flow, the display's feed and the console's API.
PROGRAMS   = $(BUILD)/dawrctl $(BUILD)/textshot $(BUILD)/rastertoescpos \
             $(BUILD)/dawr-kiosk $(BUILD)/dawr-display $(BUILD)/dawr-console $(BUILD)/dawr-sync
LIB_PARTS  = kiosk display console sync printer ui text engine
lib_srcs   = $(filter-out $(1)/main.c printer/rastertoescpos.c,$(wildcard $(1)/*.c))
LIBS       = $(foreach p,$(LIB_PARTS),$(BUILD)/libdawr-$(p).a)
objs       = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

# The translations' catalogues, one per language of po/.
LINGUAS    = ar en
MO_FILES   = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/dawr.mo)

TEST_SRCS  = $(wildcard tests/test_*.c)
TEST_BINS  = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
BENCH_SRCS = $(wildcard tests/bench_*.c)
BENCH_BINS = $(BENCH_SRCS:tests/%.c=$(BUILD)/tests/%)

.PHONY: all programs check check-asan bench run install clean deps print-deps print-part-cflags pot \
        image image-check image-deps print-image-deps deb deb-check deb-deps print-deb-deps fuzz fuzz-run print-fuzz-deps FORCE
.SECONDARY:
.SECONDEXPANSION:
all: $(PROGRAMS) $(TEST_BINS) $(MO_FILES) $(BUILD)/tests/always-open.conf
programs: $(PROGRAMS) $(MO_FILES)

# "make V=1" shows the full compiler command lines.
Q = $(if $(V),,@)
say = $(if $(V),,@echo "  $(1) $(2)")

# An object without its .d file (made by an older Makefile, or interrupted) is rebuilt: nothing
# else could say which headers it read. (Expanded a second time, when $@ is known.)
NEEDS_DEPFILE = $(if $(wildcard $(@:.o=.d)),,FORCE)

# One pattern rule per part, with that part's flags and forbidden headers.
define part_rule
$(BUILD)/obj/$(1)/%.o: $(1)/%.c $$$$(NEEDS_DEPFILE) $(BUILD)/forbid/$(1)/.made
	@mkdir -p $$(dir $$@)
	$$(call say,CC,$$<)
	$(Q)$$(CC) $$(call part_cflags,$(1)) -c $$< -o $$@
endef
$(foreach p,$(PARTS),$(eval $(call part_rule,$(p))))

$(BUILD)/obj/tests/%.o: tests/%.c $$(NEEDS_DEPFILE)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(TEST_CFLAGS) -c $< -o $@

# Each object's header dependencies (-MMD -MP).
-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# The forbidden headers of one part: each a file that stops the compiler and says why.
# Rewritten when this Makefile changes.
$(BUILD)/forbid/%/.made: Makefile
	@rm -rf $(@D); mkdir -p $(@D)
	@for h in $(foreach w,$($*_FORBID),$(if $(filter FRONTENDS,$(w)),$(call FORBID_FRONTENDS,$*),$(FORBID_$(w)))); do \
	    mkdir -p $(@D)/$$(dirname $$h); \
	    printf '#error "%s/ may not include <%s>: see the parts in README.md"\n' $* $$h >$(@D)/$$h; \
	done; touch $@

# DATADIR (from PREFIX) and VERSION are compiled into app.c and config.c, LOCALEDIR into
# text_i18n.c. The stamp is rewritten, by this rule, only when they change, so
# `make install PREFIX=/usr` after a plain `make` is right.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(@D); [ "$$(cat $@ 2>/dev/null)" = "$(DATADIR) $(LOCALEDIR) $(VERSION)" ] || echo "$(DATADIR) $(LOCALEDIR) $(VERSION)" >$@
$(BUILD)/obj/engine/app.o $(BUILD)/obj/engine/config.o $(BUILD)/obj/text/text_i18n.o: $(BUILD)/datadir.stamp
$(BUILD)/obj/engine/app.o $(BUILD)/obj/engine/config.o: DATADIR_FLAG = -DDAWR_DATADIR='"$(DATADIR)"' \
    -DDAWR_VERSION='"$(VERSION)"'
$(BUILD)/obj/text/text_i18n.o: DATADIR_FLAG = -DDAWR_LOCALEDIR='"$(LOCALEDIR)"'

# ---- Translations -----------------------------------------------------------------------
# po/LANG.po, GNU gettext catalogues with English msgids, compiled by msgfmt --check (which
# refuses a broken catalogue) into $(BUILD)/locale, installed under $(LOCALEDIR).
# `make pot` extracts every msgid of the C sources and the console's scripts into po/dawr.pot
# (POT=FILE writes elsewhere: tests/test_translations.c compares a fresh extraction with the catalogues).
POT     ?= po/dawr.pot
XGETTEXT = xgettext --from-code=UTF-8 --package-name=dawr --add-comments=TRANSLATORS: --add-location=file \
           --sort-by-file --no-wrap
POT_C    = $(sort $(foreach p,$(PARTS),$(wildcard $(p)/*.c)))
POT_JS   = $(sort $(wildcard assets/console/*.js))

$(BUILD)/locale/%/LC_MESSAGES/dawr.mo: po/%.po
	@mkdir -p $(@D)
	$(call say,MSGFMT,$<)
	$(Q)msgfmt --check -o $@ $<

pot:
	$(XGETTEXT) --language=C --keyword --keyword=dawr_tr:2 --keyword=dawr_trc:2c,3 --keyword=dawr_ntr:2,3 \
	  --keyword=dawr_tr_count:4,5 --keyword=N_ --keyword=NC_:1c,2 -o $(POT) $(POT_C)
	$(XGETTEXT) --language=JavaScript --join-existing --keyword=tr --keyword=trc:1c,2 --keyword=ntr:1,2 \
	  -o $(POT) $(POT_JS)

$(BUILD)/libdawr-%.a: $$(call objs,$$(call lib_srcs,$$*))
	@rm -f $@; ar rcs $@ $^

link = $(call say,LD,$@)
$(BUILD)/dawr-kiosk: $(BUILD)/obj/kiosk/main.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/dawr-display: $(BUILD)/obj/display/main.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/dawr-console: $(BUILD)/obj/console/main.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/dawr-sync: $(BUILD)/obj/sync/main.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/dawrctl: $(BUILD)/obj/tools/dawrctl.o $(BUILD)/obj/tools/report_pdf.o $(BUILD)/obj/tools/central_report.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/textshot: $(BUILD)/obj/tools/textshot.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@
$(BUILD)/rastertoescpos: $(BUILD)/obj/printer/rastertoescpos.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@

# The tests not about opening hours run on the default configuration open around the clock.
$(BUILD)/tests/always-open.conf: assets/dawr.conf tests/always-open.awk
	@mkdir -p $(@D)
	awk -f tests/always-open.awk assets/dawr.conf >$@

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/test_%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(TEST_LIBS) -o $@

# test_ui compares the pictograms' renderer with GNOME's librsvg, its reference.
$(BUILD)/tests/test_ui: TEST_LIBS += $(shell pkg-config --libs librsvg-2.0)
$(BUILD)/obj/tests/test_ui.o: TEST_CFLAGS += $(call pkgflags,librsvg-2.0)

$(BUILD)/tests/bench_%: $(BUILD)/obj/tests/bench_%.o $(BUILD)/obj/tools/report_pdf.o $(LIBS)
	@mkdir -p $(dir $@)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(TEST_LIBS) $(shell pkg-config --libs pangocairo pangoft2) -o $@
$(BUILD)/obj/tests/bench_%.o: TEST_CFLAGS += $(call pkgflags,pangocairo pangoft2 cairo)

# Each part's compiler flags, for tests/test_parts.c: make -s print-part-cflags PART=engine
print-part-cflags:
	@echo $(call part_cflags,$(PART))

# The test runner prints one line per test program and the total, "N passed, N failed".
check: all $(foreach p,$(PARTS),$(BUILD)/forbid/$(p)/.made)
	@BUILD=$(BUILD) tests/run $(TEST_BINS)

check-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" check

# make bench BENCH_REF=COMMIT: the kiosk's bench also runs COMMIT's kiosk (its tree from git
# archive, its programs built in $(BUILD)/bench-ref/COMMIT), taking turns, and prints the ratios.
BENCH_REF_DIR = $(if $(BENCH_REF),$(BUILD)/bench-ref/$(BENCH_REF))
bench: $(PROGRAMS) $(BENCH_BINS) $(if $(BENCH_REF),$(BENCH_REF_DIR)/.made)
	@for b in $(BENCH_BINS); do BUILD=$(BUILD) DAWR_BENCH_REF=$(BENCH_REF_DIR) $$b || exit 1; done
$(BUILD)/bench-ref/%/.made:
	rm -rf $(@D) && mkdir -p $(@D)
	git archive $* | tar -x -C $(@D)
	$(MAKE) --no-print-directory -C $(@D) BUILD=build programs
	touch $@

# Fuzzing (libFuzzer, clang, ASan + UBSan): each tests/fuzz/fuzz_*.c for FUZZ_SECONDS, starting from
# its seed corpus in tests/fuzz/corpus/NAME/. A crash stops with the input in build/fuzz/crashes/:
# add it to tests/fuzz/crashes/NAME/, where tests/test_fuzz_corpus.c replays it in make check.
FUZZ_SECONDS ?= 60
FUZZERS = $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
fuzz:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang CFLAGS="-O1 -g" \
	  SAN="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer" fuzz-run
fuzz-run: $(FUZZERS:%=$(BUILD)/%)
	@mkdir -p $(BUILD)/crashes
	@for f in $(FUZZERS); do \
	    mkdir -p $(BUILD)/corpus/$$f; \
	    echo "  FUZZ $$f for $(FUZZ_SECONDS) s"; \
	    DAWR_ASSETS=$(CURDIR)/assets LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
	      $(BUILD)/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=8192 \
	      -artifact_prefix=$(BUILD)/crashes/$$f- -print_final_stats=1 $(BUILD)/corpus/$$f tests/fuzz/corpus/$$f \
	      >$(BUILD)/$$f.log 2>&1 || { tail -n 40 $(BUILD)/$$f.log; echo "fuzz: $$f crashed; the input is in $(BUILD)/crashes/"; exit 1; }; \
	    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' $(BUILD)/$$f.log | sed "s/^/  $$f /"; \
	done
$(BUILD)/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(LIBS)
	$(link)
	$(Q)$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer $^ $(ALL_LIBS) -o $@

print-fuzz-deps:
	@echo $(FUZZ_DEBS)

# Runs the appliance on this desktop on the embedded SQLite default, in ./var: the kiosk and the
# screen as windows side by side, a new PIN for counter 1 and the console's address printed;
# closing a window or Ctrl-C stops all three (tools/dev-run).
run: programs
	@BUILD=$(BUILD) tools/dev-run

CUPS_SERVERBIN ?= $(shell cups-config --serverbin 2>/dev/null || echo /usr/lib/cups)
install: $(PROGRAMS) $(MO_FILES)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dawr $(DESTDIR)/etc/dawr
	for l in $(LINGUAS); do install -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/dawr.mo \
	  $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/dawr.mo || exit 1; done
	install -m 755 $(filter-out $(BUILD)/rastertoescpos,$(PROGRAMS)) $(DESTDIR)$(PREFIX)/bin/
	cp -r assets/. $(DESTDIR)$(PREFIX)/share/dawr/
	test -e $(DESTDIR)/etc/dawr/dawr.conf || install -m 644 assets/dawr.conf $(DESTDIR)/etc/dawr/dawr.conf
	# printer/: the CUPS filter where cupsd looks for filters (its ServerBin, not under PREFIX),
	# the PPDs where lpadmin -m and cups-driverd find them.
	install -d $(DESTDIR)$(CUPS_SERVERBIN)/filter $(DESTDIR)$(PREFIX)/share/ppd/dawr
	install -m 755 $(BUILD)/rastertoescpos $(DESTDIR)$(CUPS_SERVERBIN)/filter/
	install -m 644 printer/ppd/*.ppd $(DESTDIR)$(PREFIX)/share/ppd/dawr/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/

# Installs the Debian packages Dawr builds and tests with (uses sudo when not root).
deps:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)

print-deps:
	@echo $(DEBIAN_PACKAGES)

# The appliance image (image/build.sh says how): ROLE=appliance (default) or display-box.
ROLE ?= appliance
image:
	image/build.sh $(BUILD)/image/$(ROLE) $(ROLE)

# Builds and boots the image under QEMU (TCG) and checks it; skips with the reason when the
# machine has no mmdebstrap, QEMU or network. Not part of make check: minutes, not seconds.
image-check: all $(BUILD)/dawr-dev-imgcmp
	@BUILD=$(BUILD) image/check.sh $(BUILD)/image

$(BUILD)/dawr-dev-imgcmp: image/imgcmp.c $(LIBS)
	$(Q)$(CC) $(TEST_CFLAGS) $(ALL_LDFLAGS) $^ $(ALL_LIBS) -o $@

image-deps:
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(IMAGE_DEBS)

print-image-deps:
	@echo $(IMAGE_DEBS)

# The Debian packages (debian/), built by dpkg-buildpackage in a copy of the tree under
# $(BUILD)/deb/ (the build writes debian/tmp, debian/files and the like beside its sources), so
# the tree itself stays clean; the .debs, .changes and .buildinfo land in $(BUILD)/deb/, and
# lintian checks them (it fails on an error; docs/packaging.md explains each warning left).
DEB_DIR = $(BUILD)/deb
DEB_BUILD_OPTIONS ?= parallel=2
DEB_LINT ?= yes
deb:
	@rm -rf $(DEB_DIR); mkdir -p $(DEB_DIR)/dawr-$(VERSION)
	@{ if [ -e .git ]; then git ls-files -co --exclude-standard -z; \
	   else find . \( -path ./build -o -path ./var -o -path ./.git \) -prune -o -type f -print0; fi; } \
	  | tar --null --ignore-failed-read -T - -c 2>/dev/null | tar -x -C $(DEB_DIR)/dawr-$(VERSION)
	@# Without this make's variables and $$BUILD would reach debian/rules' own make clean.
	cd $(DEB_DIR)/dawr-$(VERSION) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD DEB_BUILD_OPTIONS="$(DEB_BUILD_OPTIONS)" \
	  dpkg-buildpackage -us -uc -b >../build.log 2>&1 \
	  || { tail -n 40 ../build.log; echo "deb: dpkg-buildpackage failed; the whole log is $(DEB_DIR)/build.log"; exit 1; }
	@rm -rf $(DEB_DIR)/dawr-$(VERSION)
	@ls $(DEB_DIR)/*.deb | sed 's/^/  DEB /'
	$(if $(filter yes,$(DEB_LINT)),lintian --fail-on error --tag-display-limit 0 $(DEB_DIR)/dawr_$(VERSION)_*.changes)

# Installs, upgrades (to a copy of this tree one version on), removes and purges the packages in
# a throwaway copy of this system (tests/deb-check says how); minutes, so not in make check.
deb-check: deb
	@BUILD=$(BUILD) tests/deb-check $(DEB_DIR)

deb-deps:
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEB_DEBS)

print-deb-deps:
	@echo $(DEB_DEBS)

clean:
	rm -rf $(BUILD)
