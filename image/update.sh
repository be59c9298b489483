#!/bin/bash
# Updates an installed Dawr disk to a new image and keeps its data: writes the new disk.img's
# EFI system partition and root partition onto DISK, and leaves the data partition (dawr-data:
# the database, its backups and /etc/dawr) as it is; the programs migrate the database when
# they start. DISK is the mini-PC's disk seen from another system (a live USB stick, or the
# disk in a USB case), or a disk image file. It refuses a mounted disk, and a disk whose
# partitions are not exactly where the new image has them (built with another IMAGE_SIZE or
# DATA_SIZE): nothing is written then.
#   image/update.sh DISK NEW_IMAGE_DIR      (NEW_IMAGE_DIR holds disk.img, from make image)
set -euo pipefail
disk=${1:?usage: image/update.sh DISK NEW_IMAGE_DIR}
new=${2:?usage: image/update.sh DISK NEW_IMAGE_DIR}/disk.img
die() { echo "update: $*" >&2; exit 1; }
[ -e "$new" ] || die "no $new (make image first)"
[ -e "$disk" ] || die "no disk $disk"
if [ -b "$disk" ] && lsblk -no MOUNTPOINT "$disk" | grep -q .; then
    die "$disk is mounted: update it from another system (a live USB stick), not from the appliance itself"
fi
partitions() {  # DISK: one line per partition, "start size type uuid name", in sectors
    sfdisk --dump "$1" 2>/dev/null | grep 'start=' | sed 's/^[^:]*: *//' | tr -d ' "' | tr ',' ' ' \
        | sed -E 's/(start|size|type|uuid|name)=//g'
}
have=$(partitions "$disk") want=$(partitions "$new")
[ -n "$want" ] || die "cannot read the partitions of $new"
if [ "$have" != "$want" ]; then
    printf 'update: the partitions of %s are not those of the new image: nothing written.\n  disk:\n%s\n  image:\n%s\n' \
        "$disk" "$(echo "${have:-(none)}" | sed 's/^/    /')" "$(echo "$want" | sed 's/^/    /')" >&2
    exit 1
fi
echo "$want" | while read -r start size _ _ name; do
    [ "$name" = dawr-data ] && { echo "update: $name kept"; continue; }
    dd if="$new" of="$disk" bs=4M iflag=skip_bytes,count_bytes oflag=seek_bytes conv=notrunc,fsync status=none \
        skip=$(( start * 512 )) seek=$(( start * 512 )) count=$(( size * 512 ))
    echo "update: $name written ($(( size / 2048 )) MiB)"
done
