#!/bin/bash
# make image-check: builds the appliance image, boots it under qemu-system-x86_64 without KVM
# (TCG, headless), and checks it as a person at the reception would find it:
#  - the smoke unit (dawr.smoke on the kernel command line) reports on the second serial port
#    that the kiosk, screen and console units are active, and none restarted while watched;
#  - the console's API answers over a forwarded port, with no counter's PIN set (no sign-in);
#  - QEMU's screen (QMP screendump) shows the kiosk's home screen: compared with the kiosk
#    rendered on this host at the same size, with a tolerance (the clock and date differ);
#  - build and boot times are printed. Skips, with the reason, when the machine cannot.
#   image/check.sh OUTDIR
set -uo pipefail
out=${1:-build/image}
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-build}
mirror_host=deb.debian.org
skip() { echo "image_check: skipped: $*"; exit 0; }
command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (make image-deps)"
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed (make image-deps)"
command -v genext2fs >/dev/null || skip "genext2fs is not installed (make image-deps)"
[ "$(id -u)" = 0 ] || grep -q "^$(id -un):" /etc/subuid 2>/dev/null || skip "not root and no /etc/subuid range for unshare mode"
timeout 10 bash -c "exec 3<>/dev/tcp/$mirror_host/80" 2>/dev/null || skip "no network to the Debian mirror"

passed=0 failed=0
ok()   { echo "  ok   $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL $*"; failed=$((failed + 1)); }
finish() {
    [ -n "${qemu_pid:-}" ] && kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
    echo "image_check: $passed passed, $failed failed"
    [ "$failed" = 0 ]; exit
}
mkdir -p "$out"
out=$(cd "$out" && pwd)
img=$out/appliance

# 1. Build.
t0=$(date +%s)
if [ -n "${IMAGE_CHECK_REUSE:-}" ] && [ -e "$img/rootfs.ext4" ]; then
    echo "  (IMAGE_CHECK_REUSE: booting the image already in $img)"
elif ! "$here/build.sh" "$img" appliance >"$out/build.log" 2>&1; then
    tail -n 30 "$out/build.log"; fail "image build (log in $out/build.log)"; finish
fi
build_s=$(( $(date +%s) - t0 ))
ok "image built in ${build_s} s: $(tail -n 1 "$out/build.log")"

# 2. Boot under TCG, headless. ttyS0: the kernel and journal console; ttyS1: the smoke report.
run=$out/run
rm -rf "$run"; mkdir -p "$run"
mkfifo "$run/qmp.in" "$run/qmp.out"
port=$(( 20000 + RANDOM % 20000 ))
width=1280 height=800
t1=$(date +%s)
qemu-system-x86_64 -accel tcg -machine q35 -cpu max -smp 2 -m 2048 \
    -kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 systemd.mask=serial-getty@ttyS0.service dawr.smoke systemd.setenv=DAWR_SMOKE_WAIT=100 video=Virtual-1:${width}x${height} systemd.setenv=EGL_LOG_LEVEL=debug" \
    -drive "file=$img/rootfs.ext4,format=raw,if=virtio,snapshot=on" \
    -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:8080" -device virtio-net-pci,netdev=n0 \
    -vga std -display none -no-reboot \
    -serial "file:$run/serial.log" -serial "file:$run/smoke.log" \
    -chardev "pipe,id=qmp,path=$run/qmp" -mon chardev=qmp,mode=control \
    >"$run/qemu.log" 2>&1 &
qemu_pid=$!
exec 3>"$run/qmp.in" 4<"$run/qmp.out"
qmp() { echo "$1" >&3; local line; while read -r -t 30 line <&4; do case $line in *'"return"'*|*'"error"'*) echo "$line"; return;; esac; done; }
read -r -t 30 _greeting <&4
qmp '{"execute": "qmp_capabilities"}' >/dev/null
case $(qmp '{"execute": "query-kvm"}') in
    *'"enabled": false'*) ok "QEMU runs without KVM (TCG)" ;;
    *) fail "QEMU reports KVM enabled or no answer" ;;
esac

# 3. Wait for the smoke unit's report: units active, then watched for restarts.
deadline=$(( $(date +%s) + ${IMAGE_CHECK_TIMEOUT:-600} ))
until grep -q "dawr-smoke: done" "$run/smoke.log" 2>/dev/null; do
    if ! kill -0 "$qemu_pid" 2>/dev/null; then fail "QEMU stopped (see $run/serial.log)"; tail -n 30 "$run/serial.log"; finish; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then fail "no smoke report in time"; tail -n 40 "$run/serial.log"; finish; fi
    sleep 2
done
tr -d '\r' <"$run/smoke.log" >"$run/smoke.txt" && mv "$run/smoke.txt" "$run/smoke.log"   # the port's CRLF
active_at=$(awk '/dawr-smoke: active/ {print $3}' "$run/smoke.log")
boot_s=$(( $(date +%s) - t1 ))
cat "$run/smoke.log"
grep -q "dawr-smoke: timeout" "$run/smoke.log" && fail "units not active: $(grep timeout "$run/smoke.log")"
want="dawr-console.service"
[ -x "$BUILD/dawr-kiosk" ] && want="$want dawr-kiosk.service dawr-weston.service"
[ -x "$BUILD/dawr-display" ] && want="$want dawr-display.service"
for u in $want; do
    line=$(grep "dawr-smoke: unit $u " "$run/smoke.log")
    case $line in
        *" enabled active restarts=0") ok "$u active, no restart" ;;
        *) fail "$u: ${line:-not reported}" ;;
    esac
done
case $(grep "dawr-smoke: unit dawr-backup.timer " "$run/smoke.log") in
    *" enabled active "*) ok "dawr-backup.timer active" ;;
    *) fail "dawr-backup.timer not active" ;;
esac

# 4. The console's API over the forwarded port: answers, and no counter can be signed in to.
http() {  # METHOD PATH [BODY]: prints the response
    exec 5<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf '%s %s HTTP/1.0\r\nHost: dawr\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
        "$1" "$2" "${#3}" "${3:-}" >&5
    timeout 20 cat <&5; exec 5<&-
}
session=$(http GET /api/session "")
case $(echo "$session" | tr -d ' ') in
    *'200OK'*'"signed_in":false'*) ok "console API answers on the forwarded port (GET /api/session)" ;;
    *) fail "GET /api/session: $(echo "$session" | head -c 300)" ;;
esac
if echo "$session" | grep -Eq '"pin_set": ?true'; then fail "a counter has a PIN in a fresh image"
else ok "no counter has a PIN: $(echo "$session" | grep -Eo '"pin_set": ?false' | wc -l) counters wait for the installer"; fi
case $(http POST /api/sign-in '{"counter": "1", "pin": "1234"}' | head -n 1) in
    *' 200 '*|'') fail "sign-in without a PIN set was not refused" ;;
    *) ok "sign-in refused while no PIN is set" ;;
esac

# 5. The screen, compared with the kiosk's home screen rendered here at the same size.
if [ -x "$BUILD/dawr-kiosk" ]; then
    shot=$run/screen.ppm
    qmp "{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"$shot\"}}" >/dev/null
    ref=$run/reference
    mkdir -p "$ref"
    printf 'screenshot home\nquit\n' >"$ref/script"
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy DAWR_ASSETS="$(pwd)/assets" "$BUILD/dawr-kiosk" \
        --config assets/dawr.conf --db "$ref/dawr.db" --size "${width}x${height}" --mute \
        --script "$ref/script" --screenshot-dir "$ref" >"$ref/log" 2>&1
    "$BUILD/dawr-dev-imgcmp" "$shot" "$(ls "$ref"/*.png 2>/dev/null | tail -n 1)" "$run/diff.png" >"$run/cmp.txt" 2>&1 \
        && ok "screen matches the kiosk's home screen: $(cat "$run/cmp.txt")" \
        || fail "screen differs from the kiosk's home screen: $(cat "$run/cmp.txt") (see $run/screen.ppm, $run/diff.png)"
else
    echo "  (no kiosk in this tree yet: the screen is not compared)"
fi
echo "image_check: build ${build_s} s, boot to units active ${active_at:-?} s after power-on, whole boot check ${boot_s} s"
exec 3>&- 4<&-
finish
