#!/bin/bash
# Builds the Dawr appliance image with mmdebstrap (Debian 12, amd64).
#   image/build.sh OUTDIR [ROLE]      ROLE: appliance (default) or display-box
# Dawr's Debian packages are built on this host (`make deb`: Debian 12 too, so the same
# libraries) and installed into the root by mmdebstrap with apt, which resolves their Depends:
# the image gets no compiler and no -dev packages, and an appliance can later take a newer .deb.
# A staging folder holds only what makes the image an appliance (networking, journal, fstab,
# the boot test's reporter), copied in by a hook. Outputs in OUTDIR: rootfs.ext4 (the root
# file system, label dawr-root), data.ext4 (label dawr-data: /var/lib/dawr and /etc/dawr, which
# updates keep), vmlinuz and initrd.img (for QEMU's direct boot), disk.img (a GPT disk with an
# EFI system partition and systemd-boot, the root and the data partition, for the mini-PC), and
# timings.
# As root mmdebstrap runs in root mode; as a user in unshare mode (needs /etc/subuid).
# Variables: MIRROR, ROOT_PASSWORD (root locked without it),
# IMAGE_SIZE (root file system size, default 3G), DATA_SIZE (data partition, default 8G; an update
# must keep both: image/update.sh), APT_CACHE (downloaded .debs kept between builds).
set -euo pipefail
out=${1:?usage: image/build.sh OUTDIR [appliance|display-box]}
role=${2:-appliance}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
MIRROR=${MIRROR:-http://deb.debian.org/debian}
IMAGE_SIZE=${IMAGE_SIZE:-3G}
DATA_SIZE=${DATA_SIZE:-8G}
mkdir -p "$out"
out=$(cd "$out" && pwd)
APT_CACHE=${APT_CACHE:-$out/apt-cache}
stage=$out/stage
t0=$(date +%s.%N)
sub() { awk -v a="$1" -v b="$2" 'BEGIN {print a - b}'; }
case $role in appliance|display-box) ;; *) echo "image: unknown role $role (appliance or display-box)" >&2; exit 2;; esac

# 1. Dawr's packages from this tree, and the image's own files in the staging folder.
# Built apart from the tree's build/ (the packages' PREFIX=/usr is compiled in); lintian is
# make deb's and CI's job, not the image's.
rm -rf "$stage"
make -C "$top" --no-print-directory -s deb BUILD="$out/build" DEB_LINT=no >/dev/null
case $role in
    appliance)   ours="dawr-common dawr-kiosk dawr-display dawr-console dawr-sync printer-driver-dawr" ;;
    display-box) ours="dawr-common dawr-display" ;;
esac
version=$(sed -n '1s/^dawr (\([^)]*\)).*/\1/p' "$top/debian/changelog")
# mmdebstrap wants each local .deb at the same path outside and inside the chroot (apt installs
# it from inside): a folder of its own in /tmp, copied in by a setup hook, removed afterwards.
debdir=$(mktemp -d /tmp/dawr-image-debs.XXXXXX)
trap 'rm -rf "$debdir"' EXIT
for p in $ours; do cp "$out/build/deb/${p}_${version}_"*.deb "$debdir/"; done
ourdebs=$(ls "$debdir"/*.deb)
chmod 755 "$debdir"
install -d "$stage/usr/lib/systemd/system" "$stage/usr/lib/dawr" \
           "$stage/etc/systemd/journald.conf.d" "$stage/etc/systemd/network" "$stage/etc/dawr" \
           "$stage/etc/initramfs-tools/conf.d"
install -m 644 "$here/units/dawr-smoke.service" "$stage/usr/lib/systemd/system/"
install -m 755 "$here/dawr-smoke" "$stage/usr/lib/dawr/"
install -m 644 "$here/files/journald.conf" "$stage/etc/systemd/journald.conf.d/dawr.conf"
install -m 644 "$here/files/networkd.network" "$stage/etc/systemd/network/50-dawr.network"
install -m 644 "$here/files/fstab" "$stage/etc/fstab"
echo "$role" >"$stage/etc/dawr/role"
if [ "$role" = display-box ]; then
    # No compositor and no database on this box, and a drop-in cannot remove dependencies: the
    # unit without them, in /etc, replaces the package's; the drop-in changes the rest.
    install -d "$stage/etc/systemd/system/dawr-display.service.d"
    grep -v -e '^BindsTo=dawr-weston.service$' -e '^After=dawr-weston.service$' -e '^Wants=dawr-init.service$' \
        -e '^After=dawr-init.service$' -e 'database made' "$here/units/dawr-display.service" \
        >"$stage/etc/systemd/system/dawr-display.service"
    chmod 644 "$stage/etc/systemd/system/dawr-display.service"
    install -m 644 "$here/files/display-box.conf" "$stage/etc/systemd/system/dawr-display.service.d/display-box.conf"
    # Its calls come from the appliance's console: the installer must name it (the installer's
    # edit of the package's conffile).
    awk '/^source =$/ { print "; DISPLAY-BOX: this box has no database. Set source to the appliance'"'"'s staff console,"
                        print "; http://ADDRESS:PORT (its [console] listen port), e.g. source = http://192.168.1.20:8080,"
                        print "; and keep the services and counters in this file the same as the appliance'"'"'s." } { print }' \
        "$top/assets/dawr.conf" >"$stage/etc/dawr/dawr.conf"
fi
# initramfs-tools: only the disk drivers a mini-PC or QEMU boots from (MODULES=dep would look
# at the build host's hardware from inside the chroot).
printf 'MODULES=list\nCOMPRESS=zstd\n' >"$stage/etc/initramfs-tools/conf.d/dawr"

# 2. The packages: Dawr's (apt brings the libraries they link), and what they load or talk to
# at run time that their Depends do not name (mmdebstrap installs no Recommends).
base="systemd-sysv udev dbus libpam-systemd systemd-timesyncd kmod iproute2 linux-image-amd64 initramfs-tools zstd
      tzdata fonts-noto-core fonts-dejavu-core sqlite3 less"
# SDL's Wayland driver loads libGL.so.1 (libgl1) before it opens any window, even for a GLES
# renderer: without it every window fails with "EGL not initialized".
gl="libegl1 libegl-mesa0 libgbm1 libgles2 libgl1 libgl1-mesa-dri libwayland-egl1 libwayland-client0 libwayland-cursor0
    libxkbcommon0 alsa-utils"
case $role in
    appliance)   pkgs="$base $gl weston libpam-systemd cups-daemon cups-client espeak-ng-data" ;;
    display-box) pkgs="$base $gl espeak-ng-data" ;;
esac
echo "image: role $role; packages: $(echo $pkgs | wc -w) named, and Dawr's $(echo $ours | wc -w) (version $version)"

# 3. The root file system.
# The packages enable only the backup timer (right for any machine); the appliance is the
# machine where the screens, the console and the receipt queue are meant to run.
enable="systemd-networkd.service systemd-timesyncd.service dawr-smoke.service dawr-display.service"
if [ "$role" = appliance ]; then
    enable="$enable dawr-console.service dawr-kiosk.service dawr-weston.service cups.service dawr-receipt-queue.service"
fi
# The display-box has no database to back up.
disable=true
[ "$role" = display-box ] && disable='chroot "$1" systemctl disable dawr-backup.timer'
mkdir -p "$out/etc-dawr"
mkdir -p "$APT_CACHE"
password_hook=true
[ -n "${ROOT_PASSWORD:-}" ] && password_hook="echo 'root:$ROOT_PASSWORD' | chroot \"\$1\" chpasswd"
rm -f "$out/rootfs.ext2"
t1=$(date +%s.%N)
mmdebstrap --variant=minbase --components=main --architectures=amd64 --aptopt='Acquire::Retries "5"' \
    --include="$(echo $pkgs | tr ' ' ',')" $(for d in $ourdebs; do printf -- '--include=%s ' "$d"; done) \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-include=/usr/share/locale/*/LC_MESSAGES/dawr.mo' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --dpkgopt='path-exclude=/usr/share/fonts/truetype/noto/*' \
    --dpkgopt='path-include=/usr/share/fonts/truetype/noto/NotoSans-*' \
    --dpkgopt='path-include=/usr/share/fonts/truetype/noto/NotoSansArabic*' \
    --dpkgopt='path-include=/usr/share/fonts/truetype/noto/NotoNaskhArabic*' \
    --dpkgopt='path-include=/usr/share/fonts/truetype/noto/NotoKufiArabic*' \
    --skip=download/empty --skip=essential/unlink \
    --setup-hook='mkdir -p "$1"/var/cache/apt/archives/ "$1/etc/initramfs-tools/conf.d"' \
    --setup-hook="sync-in $APT_CACHE /var/cache/apt/archives/" \
    --setup-hook="copy-in $stage/etc/initramfs-tools/conf.d/dawr /etc/initramfs-tools/conf.d/" \
    --setup-hook="mkdir -p \"\$1$debdir\"" --setup-hook="copy-in $ourdebs $debdir" \
    --essential-hook='printf "virtio_pci\nvirtio_blk\nvirtio_scsi\nahci\nsd_mod\nnvme\nusb_storage\nuas\nxhci_pci\next4\n" >"$1/etc/initramfs-tools/modules"' \
    --customize-hook="sync-out /var/cache/apt/archives $APT_CACHE" \
    --customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*_Packages' \
    --customize-hook="rm -rf \"\$1$debdir\"" \
    --customize-hook="sync-in $stage /" \
    --customize-hook="sync-out /etc/dawr $out/etc-dawr" \
    --customize-hook="chroot \"\$1\" systemctl enable $enable" --customize-hook="$disable" \
    --customize-hook='chroot "$1" systemctl mask getty@tty1.service serial-getty@ttyS1.service systemd-networkd-wait-online.service' \
    --customize-hook='echo LANG=C.UTF-8 >"$1/etc/default/locale"' \
    --customize-hook='chroot "$1" systemctl set-default graphical.target' \
    --customize-hook='echo dawr >"$1/etc/hostname"; printf "127.0.0.1 localhost\n127.0.1.1 dawr\n" >"$1/etc/hosts"' \
    --customize-hook='ln -sf /usr/share/zoneinfo/Asia/Riyadh "$1/etc/localtime"; echo Asia/Riyadh >"$1/etc/timezone"' \
    --customize-hook="$password_hook" \
    --customize-hook='rm -f "$1/etc/machine-id"; touch "$1/etc/machine-id"' \
    --customize-hook="sync-out /boot $out/boot" \
    bookworm "$out/rootfs.ext2" "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
    "deb ${MIRROR%/debian}/debian-security bookworm-security main"
t2=$(date +%s.%N)

# 4. ext2 from mmdebstrap (genext2fs, no root needed) to ext4 with room for the data.
rm -f "$out/rootfs.ext4"
mv "$out/rootfs.ext2" "$out/rootfs.ext4"
tune2fs -O extents,uninit_bg,dir_index,has_journal -L dawr-root "$out/rootfs.ext4" >/dev/null
e2fsck -fyD "$out/rootfs.ext4" >/dev/null 2>&1 || [ $? -le 1 ]
truncate -s "$IMAGE_SIZE" "$out/rootfs.ext4"
resize2fs -f "$out/rootfs.ext4" >/dev/null 2>&1
# The data partition, seeded with the image's /etc/dawr and an empty state folder (the units'
# StateDirectory= gives it to the dawr user at first start); everything owned by root.
rm -rf "$out/data-seed" "$out/data.ext4"
mkdir -p "$out/data-seed/state"
cp -a "$out/etc-dawr" "$out/data-seed/etc"
rm -rf "$out/etc-dawr"
mke2fs -q -t ext4 -L dawr-data -E root_owner=0:0 -d "$out/data-seed" "$out/data.ext4" "$DATA_SIZE"
(cd "$out/data-seed" && find . -mindepth 1 | sed 's|^\.||') | while read -r f; do
    printf 'sif %s uid 0\nsif %s gid 0\n' "$f" "$f"; done | debugfs -w "$out/data.ext4" >/dev/null 2>&1
rm -rf "$out/data-seed"
cp "$(ls "$out"/boot/vmlinuz-* | sort -V | tail -n 1)" "$out/vmlinuz"
cp "$(ls "$out"/boot/initrd.img-* | sort -V | tail -n 1)" "$out/initrd.img"
t3=$(date +%s.%N)
"$here/disk.sh" "$out" || echo "image: disk.img not made (see above); rootfs.ext4 + vmlinuz + initrd.img are ready"
t4=$(date +%s.%N)
used=$(du -sh --apparent-size "$out/rootfs.ext4" | cut -f1)
printf 'image: built %s in %.0f s (Dawr %.0f s, mmdebstrap %.0f s, ext4 %.0f s, disk %.0f s); rootfs %s used of %s, initrd %s\n' \
    "$role" "$(sub "$t4" "$t0")" "$(sub "$t1" "$t0")" "$(sub "$t2" "$t1")" "$(sub "$t3" "$t2")" "$(sub "$t4" "$t3")" \
    "$(dumpe2fs -h "$out/rootfs.ext4" 2>/dev/null | awk -F: '/^Block count/ {b=$2} /^Free blocks/ {f=$2} /^Block size/ {s=$2} END {printf "%d MiB", (b-f)*s/1048576}')" \
    "$used" "$(du -h "$out/initrd.img" | cut -f1)" | tee "$out/build-times.txt"
