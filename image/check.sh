#!/bin/bash
# make image-check: builds the appliance image, boots it under qemu-system-x86_64 without KVM
# (TCG, headless), and checks it as a person at the reception would find it:
#  - the smoke unit (dawr.smoke on the kernel command line) reports on the second serial port
#    that the kiosk, screen and console units are active, and none restarted while watched;
#  - the console's API answers over a forwarded port, with no counter's PIN set (no sign-in);
#  - QEMU's screen (QMP screendump) shows the kiosk's home screen: compared with the kiosk
#    rendered on this host at the same size, with a tolerance (the clock and date differ);
#  - a visitor takes a ticket: taps on the home screen and the first reason through QEMU's
#    pointer (as a finger would), and the console's GET /api/screen counts it waiting;
#  - the display-box role, built too and booted beside it with [display] source naming the
#    appliance (as the installer would set it), is online to it: its screen is nearer the
#    waiting-room screen rendered here from the same queue than the same screen cut off
#    (offline, empty);
#  - both boot from their disk.img as installed on a mini-PC (the root and data partitions;
#    QEMU loads the kernel), the display-box's source written into its data partition;
#  - an update keeps the data: after the power button, image/update.sh writes the image's EFI
#    and root partitions over the appliance's disk, the data partition is unchanged, and after
#    a boot the visitor's ticket is still waiting; a disk laid out otherwise is refused;
#  - a database deleted while the appliance was off is not made anew at the next boot: the
#    console answers 503 with the reason, and the data partition still has none;
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
command -v jq >/dev/null || skip "jq is not installed (make image-deps)"
[ "$(id -u)" = 0 ] || grep -q "^$(id -un):" /etc/subuid 2>/dev/null || skip "not root and no /etc/subuid range for unshare mode"
timeout 10 bash -c "exec 3<>/dev/tcp/$mirror_host/80" 2>/dev/null || skip "no network to the Debian mirror"

passed=0 failed=0
declare -A qemu_pids qmp_to qmp_from
ok()   { echo "  ok   $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL $*"; failed=$((failed + 1)); }
finish() {
    for pid in "${qemu_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    echo "image_check: $passed passed, $failed failed"
    [ "$failed" = 0 ]; exit
}
mkdir -p "$out"
out=$(cd "$out" && pwd)
img=$out/appliance

# 1. Build.
t0=$(date +%s)
if [ -n "${IMAGE_CHECK_REUSE:-}" ] && [ -e "$img/disk.img" ]; then
    echo "  (IMAGE_CHECK_REUSE: booting the image already in $img)"
elif ! "$here/build.sh" "$img" appliance >"$out/build.log" 2>&1; then
    tail -n 30 "$out/build.log"; fail "image build (log in $out/build.log)"; finish
fi
build_s=$(( $(date +%s) - t0 ))
ok "image built in ${build_s} s: $(tail -n 1 "$out/build.log")"
box=$out/display-box
t0=$(date +%s)
if [ -n "${IMAGE_CHECK_REUSE:-}" ] && [ -e "$box/disk.img" ]; then :
elif ! APT_CACHE=$img/apt-cache "$here/build.sh" "$box" display-box >"$out/build-display-box.log" 2>&1; then
    tail -n 30 "$out/build-display-box.log"; fail "display-box image build (log in $out/build-display-box.log)"; box=""
fi
[ -n "$box" ] && ok "display-box image built in $(( $(date +%s) - t0 )) s: $(tail -n 1 "$out/build-display-box.log" 2>/dev/null)"

# 2. Boot under TCG, headless. ttyS0: the kernel and journal console; ttyS1: the smoke report.
width=1280 height=800
install_disk() {  # IMAGE_DIR: a copy of its disk.img, as written to a mini-PC's disk: DIR/installed.img
    rm -f "$1/installed.img"
    cp --sparse=always "$1/disk.img" "$1/installed.img"
}
data_at() {  # DISK: the data partition's offset and length in bytes
    sfdisk --json "$1" | jq -r '.partitiontable.partitions[] | select(.name == "dawr-data") | "\(.start * 512) \(.size * 512)"'
}
data_fs() { echo "$1?offset=$(data_at "$1" | cut -d' ' -f1)"; }   # DISK: its data partition, as debugfs opens it
data_sum() {  # DISK: a checksum of the data partition's bytes
    local at
    at=$(data_at "$1")
    dd if="$1" bs=4M iflag=skip_bytes,count_bytes skip="${at% *}" count="${at#* }" status=none | md5sum | cut -c1-32
}
boot() {  # NAME IMAGE_DIR [QEMU ARGUMENTS...]: boots IMAGE_DIR/installed.img in $out/run-NAME, QMP ready
    local name=$1 dir=$2 run=$out/run-$1 to from greeting
    shift 2
    rm -rf "$run"; mkdir -p "$run"
    mkfifo "$run/qmp.in" "$run/qmp.out"
    qemu-system-x86_64 -accel tcg -machine q35 -cpu max -smp 2 -m 2048 \
        -kernel "$dir/vmlinuz" -initrd "$dir/initrd.img" \
        -append "root=LABEL=dawr-root rw console=ttyS0 systemd.mask=serial-getty@ttyS0.service dawr.smoke systemd.setenv=DAWR_SMOKE_WAIT=${IMAGE_CHECK_UNIT_WAIT:-300} video=Virtual-1:${width}x${height}" \
        -drive "file=$dir/installed.img,format=raw,if=virtio" \
        -vga std -display none -no-reboot "$@" \
        -serial "file:$run/serial.log" -serial "file:$run/smoke.log" \
        -chardev "pipe,id=qmp,path=$run/qmp" -mon chardev=qmp,mode=control \
        >"$run/qemu.log" 2>&1 &
    qemu_pids[$name]=$!
    exec {to}>"$run/qmp.in" {from}<"$run/qmp.out"
    qmp_to[$name]=$to qmp_from[$name]=$from
    read -r -t 30 greeting <&"$from"
    qmp "$name" '{"execute": "qmp_capabilities"}' >/dev/null
}
qmp() {  # NAME JSON: prints the answer
    local line
    echo "$2" >&"${qmp_to[$1]}"
    while read -r -t 30 line <&"${qmp_from[$1]}"; do
        case $line in *'"return"'*|*'"error"'*) echo "$line"; return;; esac
    done
}
wait_smoke() {  # NAME: waits for the smoke unit's report (units active, then watched for restarts)
    local run=$out/run-$1 deadline=$(( $(date +%s) + ${IMAGE_CHECK_TIMEOUT:-600} ))
    until grep -q "dawr-smoke: done" "$run/smoke.log" 2>/dev/null; do
        if ! kill -0 "${qemu_pids[$1]}" 2>/dev/null; then fail "$1: QEMU stopped (see $run/serial.log)"; tail -n 30 "$run/serial.log"; return 1; fi
        if [ "$(date +%s)" -ge "$deadline" ]; then fail "$1: no smoke report in time"; tail -n 40 "$run/serial.log"; return 1; fi
        sleep 2
    done
    tr -d '\r' <"$run/smoke.log" >"$run/smoke.txt" && mv "$run/smoke.txt" "$run/smoke.log"   # the port's CRLF
    sed "s/^/  $1| /" "$run/smoke.log"
    grep -q "dawr-smoke: timeout" "$run/smoke.log" && fail "$1: units not active: $(grep timeout "$run/smoke.log")"
    return 0
}
check_units() {  # NAME UNIT...: each unit active and never restarted
    local name=$1 u line
    shift
    for u in "$@"; do
        line=$(grep "dawr-smoke: unit $u " "$out/run-$name/smoke.log")
        case $line in
            *" enabled active restarts=0") ok "$name: $u active, no restart" ;;
            *) fail "$name: $u: ${line:-not reported}" ;;
        esac
    done
}
power_off() {  # NAME: the power button; true when the system shut down and QEMU ended within 3 minutes
    qmp "$1" '{"execute": "system_powerdown"}' >/dev/null
    for _ in $(seq 90); do kill -0 "${qemu_pids[$1]}" 2>/dev/null || { unset "qemu_pids[$1]"; return 0; }; sleep 2; done
    kill "${qemu_pids[$1]}"; wait "${qemu_pids[$1]}" 2>/dev/null; unset "qemu_pids[$1]"; return 1
}
screen() {  # NAME FILE: QEMU's screen as a PPM
    rm -f "$2"
    qmp "$1" "{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"$2\"}}" >/dev/null
}
tap() {  # NAME X Y: a press and a release at pixel (X, Y) through the emulated USB tablet
    local ax=$(( $2 * 32767 / (width - 1) )) ay=$(( $3 * 32767 / (height - 1) )) b
    qmp "$1" "{\"execute\": \"input-send-event\", \"arguments\": {\"events\": [{\"type\": \"abs\", \"data\": {\"axis\": \"x\", \"value\": $ax}}, {\"type\": \"abs\", \"data\": {\"axis\": \"y\", \"value\": $ay}}]}}" >/dev/null
    sleep 0.5
    for b in true false; do
        qmp "$1" "{\"execute\": \"input-send-event\", \"arguments\": {\"events\": [{\"type\": \"btn\", \"data\": {\"down\": $b, \"button\": \"left\"}}]}}" >/dev/null
        sleep 0.3
    done
}
compare() {  # SCREEN.ppm REFERENCE.png DIFF.png: prints imgcmp's figures; true on a match
    "$BUILD/dawr-dev-imgcmp" "$1" "$2" "$3" 2>&1
}
differing() { sed -E 's/.*, ([0-9.]+)% of pixels differ.*/\1/'; }   # imgcmp's figures -> the percentage

port=$(( 20000 + RANDOM % 20000 ))
t1=$(date +%s)
install_disk "$img"
# Open around the clock, as the tests not about opening hours are (tests/always-open.awk): the
# visitor's taps below issue a ticket at whatever hour this runs. The same here for the reference.
awk -f "$here/../tests/always-open.awk" "$here/../assets/dawr.conf" >"$out/always-open.conf"
debugfs -R "cat /etc/dawr.conf" "$(data_fs "$img/installed.img")" 2>/dev/null >"$out/appliance.conf"
if grep -q '^\[hours\]' "$out/appliance.conf"; then
    awk -f "$here/../tests/always-open.awk" "$out/appliance.conf" >"$out/appliance-open.conf"
    printf 'rm /etc/dawr.conf\nwrite %s /etc/dawr.conf\nsif /etc/dawr.conf mode 0100644\n' "$out/appliance-open.conf" \
        | debugfs -w "$(data_fs "$img/installed.img")" >/dev/null 2>&1
fi
boot appliance "$img" \
    -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:8080" -device virtio-net-pci,netdev=n0 \
    -device qemu-xhci -device usb-tablet
case $(qmp appliance '{"execute": "query-kvm"}') in
    *'"enabled": false'*) ok "QEMU runs without KVM (TCG)" ;;
    *) fail "QEMU reports KVM enabled or no answer" ;;
esac
wait_smoke appliance || finish
run=$out/run-appliance
active_at=$(awk '/dawr-smoke: active/ {print $3}' "$run/smoke.log")
boot_s=$(( $(date +%s) - t1 ))
want="dawr-console.service"
[ -x "$BUILD/dawr-kiosk" ] && want="$want dawr-kiosk.service dawr-weston.service"
[ -x "$BUILD/dawr-display" ] && want="$want dawr-display.service"
check_units appliance $want
case $(grep "dawr-smoke: unit dawr-backup.timer " "$run/smoke.log") in
    *" enabled active "*) ok "dawr-backup.timer active" ;;
    *) fail "dawr-backup.timer not active" ;;
esac

# 3. The console's API over the forwarded port: answers, and no counter can be signed in to.
http() {  # METHOD PATH [BODY]: prints the response
    exec 5<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf '%s %s HTTP/1.0\r\nHost: dawr\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
        "$1" "$2" "${#3}" "${3:-}" >&5
    timeout 20 cat <&5; exec 5<&-
}
body() { sed '1,/^\r\{0,1\}$/d'; }   # the response without its status line and headers
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

# 4. The screen, compared with the kiosk's home screen rendered here at the same size; then a
# visitor's two taps (take a ticket, the first reason), found in the same rendering's layout.
if [ -x "$BUILD/dawr-kiosk" ]; then
    ref=$run/reference
    mkdir -p "$ref"
    printf 'screenshot home\ntap take_ticket\nwait 300\nquit\n' >"$ref/script"
    DAWR_ASSETS="$(pwd)/assets" "$BUILD/dawrctl" --config "$out/always-open.conf" --db "$ref/dawr.db" init >/dev/null   # only init makes one
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy DAWR_ASSETS="$(pwd)/assets" "$BUILD/dawr-kiosk" \
        --config "$out/always-open.conf" --db "$ref/dawr.db" --size "${width}x${height}" --mute \
        --script "$ref/script" --screenshot-dir "$ref" --dump-layout="$ref/layout.json" >"$ref/log" 2>&1
    screen appliance "$run/screen.ppm"
    compare "$run/screen.ppm" "$(ls "$ref"/*home*.png 2>/dev/null | tail -n 1)" "$run/diff.png" >"$run/cmp.txt" \
        && ok "screen matches the kiosk's home screen: $(cat "$run/cmp.txt")" \
        || fail "screen differs from the kiosk's home screen: $(cat "$run/cmp.txt") (see $run/screen.ppm, $run/diff.png)"
    centre() {  # SCREEN JQ-CONDITION: the centre of the first element on SCREEN matching it
        jq -r --arg s "$1" ".screens[] | select(.screen == \$s) | [.elements[] | select($2)][0].rect
                            | \"\(.x + (.w / 2 | floor)) \(.y + (.h / 2 | floor))\"" "$ref/layout.json"
    }
    waiting() { http GET /api/screen "" | body | jq '[.services[].waiting] | add' 2>/dev/null; }
    before=$(waiting)
    tap appliance $(centre home '.name == "take_ticket"')
    sleep 3
    tap appliance $(centre services '(.name // "") | startswith("service_")')
    # The same ticket in the reference queue, for the display-box's comparison below.
    service=$(jq -r '.screens[] | select(.screen == "services") | [.elements[] | .name // "" | select(startswith("service_"))][0]' "$ref/layout.json")
    DAWR_ASSETS="$(pwd)/assets" "$BUILD/dawrctl" --config "$out/always-open.conf" --db "$ref/dawr.db" issue "${service#service_}" >/dev/null
    for _ in $(seq 30); do [ "$(waiting)" = $(( ${before:-0} + 1 )) ] && break; sleep 2; done
    now=$(waiting)
    [ -n "$before" ] && [ "$now" = $(( before + 1 )) ] \
        && ok "a visitor's two taps issued a ticket: the console counts ${now} waiting (was ${before})" \
        || fail "taps through QEMU's pointer issued no ticket: waiting ${before:-?} -> ${now:-?} (see $run/serial.log)"
else
    echo "  (no kiosk in this tree yet: the screen is not compared)"
fi

# 5. The display-box beside it, its source the appliance's console (QEMU's user network shows
# the host's loopback, where the console's port is forwarded, as 10.0.2.2).
if [ -n "$box" ] && [ -x "$BUILD/dawr-display" ]; then
    # The installer's one edit, in /etc/dawr/dawr.conf: on the data partition.
    install_disk "$box"
    debugfs -R "cat /etc/dawr.conf" "$(data_fs "$box/installed.img")" 2>/dev/null \
        | sed "s|^source =\$|source = http://10.0.2.2:$port|" >"$box/dawr.conf"
    printf 'rm /etc/dawr.conf\nwrite %s /etc/dawr.conf\nsif /etc/dawr.conf mode 0100644\n' "$box/dawr.conf" \
        | debugfs -w "$(data_fs "$box/installed.img")" >/dev/null 2>&1
    t2=$(date +%s)
    boot display-box "$box" -netdev user,id=n0 -device virtio-net-pci,netdev=n0
    if wait_smoke display-box; then
        box_s=$(( $(date +%s) - t2 ))
        check_units display-box dawr-display.service
        sleep 3    # a few polls of the console
        screen display-box "$out/run-display-box/screen.ppm"
        # The same screen rendered here: from the appliance's queue (the reference kiosk above took
        # the same ticket), and cut off from it (a database that does not exist: offline, empty).
        dref=$out/run-display-box/reference
        mkdir -p "$dref"
        printf 'wait 1500\nscreenshot display\nquit\n' >"$dref/script"
        for kind in online offline; do
            db=$ref/dawr.db
            [ $kind = offline ] && db=$dref/none/dawr.db
            SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy DAWR_ASSETS="$(pwd)/assets" "$BUILD/dawr-display" \
                --config "$out/always-open.conf" --db "$db" --size "${width}x${height}" --mute \
                --script "$dref/script" --screenshot-dir "$dref/$kind" >"$dref/$kind.log" 2>&1
        done
        shot=$out/run-display-box/screen.ppm
        compare "$shot" "$(ls "$dref"/online/*.png | tail -n 1)" "$dref/diff-online.png" >"$dref/online.txt"; matched=$?
        compare "$shot" "$(ls "$dref"/offline/*.png | tail -n 1)" "$dref/diff-offline.png" >"$dref/offline.txt"
        on=$(differing <"$dref/online.txt") off=$(differing <"$dref/offline.txt")
        if [ "$matched" = 0 ] && awk -v a="$on" -v b="$off" 'BEGIN {exit !(a < b)}'; then
            ok "display-box online to the appliance's console: ${on}% of pixels differ from its queue rendered here, ${off}% from the same screen offline"
        else
            fail "display-box screen: $(cat "$dref/online.txt") against the appliance's queue, ${off}% against offline (see $shot)"
        fi
    fi
fi
# 6. An update keeps the data: the appliance shut down with its power button, the new image's
# EFI and root partitions written over its disk by image/update.sh (here the same build: the
# root goes back to new), and booted again: the visitor's ticket from step 4 is still waiting,
# the data partition is byte for byte as it was, and a disk laid out otherwise is refused.
if [ -n "${now:-}" ]; then
    if power_off appliance; then ok "the power button shut the appliance down"
    else fail "the appliance did not shut down within 3 minutes of the power button (QEMU stopped)"; fi
    sum=$(data_sum "$img/installed.img")
    t3=$(date +%s)
    if "$here/update.sh" "$img/installed.img" "$img" >"$out/update.log" 2>&1; then
        update_s=$(( $(date +%s) - t3 ))
        [ "$(data_sum "$img/installed.img")" = "$sum" ] \
            && ok "image/update.sh wrote the EFI and root partitions in ${update_s} s and left the data partition as it was" \
            || fail "image/update.sh changed the data partition"
        boot appliance-updated "$img" \
            -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:8080" -device virtio-net-pci,netdev=n0
        if wait_smoke appliance-updated; then
            check_units appliance-updated dawr-console.service
            after=$(waiting)
            [ "$after" = "$now" ] \
                && ok "after the update the console still counts the visitor's ticket: ${after} waiting" \
                || fail "after the update the console counts ${after:-nothing} waiting, not ${now} (see $out/run-appliance-updated)"
        fi
    else
        fail "image/update.sh on the appliance's own disk: $(tail -n 5 "$out/update.log")"
    fi
    # The database deleted while the appliance was off (a careless admin, a failing disk): at the
    # next boot nothing makes an empty one in its place (only the first start does); the console
    # answers every call 503 with the reason, and the file stays absent.
    if [ -n "${qemu_pids[appliance-updated]:-}" ] && power_off appliance-updated; then
        printf 'rm /state/dawr.db\nrm /state/dawr.db-wal\nrm /state/dawr.db-shm\n' \
            | debugfs -w "$(data_fs "$img/installed.img")" >/dev/null 2>&1
        boot appliance-no-db "$img" \
            -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:8080" -device virtio-net-pci,netdev=n0
        if wait_smoke appliance-no-db; then
            check_units appliance-no-db dawr-console.service dawr-kiosk.service
            refusal=$(http GET /api/screen "")
            case $(echo "$refusal" | tr -d '\r\n') in
                *' 503 '*'no Dawr database'*) ok "a database deleted while off is not made anew at boot: $(echo "$refusal" | head -n 1 | tr -d '\r')" ;;
                *) fail "GET /api/screen without the database: $(echo "$refusal" | head -c 300)" ;;
            esac
        fi
        power_off appliance-no-db
        if debugfs -R "stat /state/dawr.db" "$(data_fs "$img/installed.img")" 2>&1 | grep -q "File not found"; then
            ok "after that boot there is still no database on the data partition"
        else
            fail "a database was made at boot after the old one was deleted"
        fi
    fi
    other=$out/other-layout.img
    rm -f "$other"; truncate -s 64M "$other"
    echo 'label: gpt' | sfdisk -q "$other"; echo ',,L' | sfdisk -q --append "$other"
    other_sum=$(md5sum <"$other")
    if ! "$here/update.sh" "$other" "$img" >"$out/update-refused.log" 2>&1 && [ "$(md5sum <"$other")" = "$other_sum" ] \
        && grep -q "nothing written" "$out/update-refused.log"; then
        ok "image/update.sh refuses a disk laid out otherwise and writes nothing"
    else
        fail "image/update.sh on a disk laid out otherwise: $(head -n 3 "$out/update-refused.log")"
    fi
    rm -f "$other"
fi
echo "image_check: build ${build_s} s, boot to units active ${active_at:-?} s after power-on, whole boot check ${boot_s} s${box_s:+, display-box boot check ${box_s} s}${update_s:+, update ${update_s} s}"
finish
