#!/bin/bash
# Assembles OUTDIR/disk.img from OUTDIR/rootfs.ext4, OUTDIR/data.ext4 and the kernel: a GPT disk
# with a 256 MiB EFI system partition (systemd-boot, the kernel and initrd), the root partition
# and the data partition, without root or loop devices (sfdisk on a file, mtools for the FAT
# partition). Write it to the mini-PC's disk with dd; it boots with UEFI. The partitions'
# places and ids are fixed, so that image/update.sh can put a later image's EFI and root
# partitions on an installed disk and leave its data partition where it is.
set -euo pipefail
out=$1
boot_efi=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
for t in sfdisk mkfs.vfat mcopy; do command -v $t >/dev/null || { echo "disk: $t missing (fdisk, dosfstools, mtools)"; exit 1; }; done
[ -e $boot_efi ] || { echo "disk: $boot_efi missing (systemd-boot-efi)"; exit 1; }
mib() { echo $(( ($(stat -c %s "$1") + 1048575) / 1048576 )); }
esp_mib=256 root_mib=$(mib "$out/rootfs.ext4") data_mib=$(mib "$out/data.ext4")
disk=$out/disk.img
rm -f "$disk" "$out/esp.img"
truncate -s $(( (1 + esp_mib + root_mib + data_mib + 1) * 1048576 )) "$disk"
sfdisk -q "$disk" <<EOT
label: gpt
label-id: 5D0A6E7A-3C2B-4E59-9A61-D4A7E0000000
start=1MiB, size=${esp_mib}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=5D0A6E7A-3C2B-4E59-9A61-D4A7E0000001, name=esp
start=$((1 + esp_mib))MiB, size=${root_mib}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=5D0A6E7A-3C2B-4E59-9A61-D4A7E0000002, name=dawr-root
start=$((1 + esp_mib + root_mib))MiB, size=${data_mib}MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=5D0A6E7A-3C2B-4E59-9A61-D4A7E0000003, name=dawr-data
EOT
truncate -s ${esp_mib}M "$out/esp.img"
mkfs.vfat -F 32 -n DAWR-ESP "$out/esp.img" >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$out/esp.img" ::/EFI ::/EFI/BOOT ::/EFI/systemd ::/loader ::/loader/entries
mcopy -i "$out/esp.img" $boot_efi ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$out/esp.img" $boot_efi ::/EFI/systemd/systemd-bootx64.efi
mcopy -i "$out/esp.img" "$out/vmlinuz" ::/vmlinuz
mcopy -i "$out/esp.img" "$out/initrd.img" ::/initrd.img
printf 'default dawr.conf\ntimeout 0\n' | mcopy -i "$out/esp.img" - ::/loader/loader.conf
printf 'title Dawr\nlinux /vmlinuz\ninitrd /initrd.img\noptions root=LABEL=dawr-root rw quiet\n' \
    | mcopy -i "$out/esp.img" - ::/loader/entries/dawr.conf
dd if="$out/esp.img" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$out/rootfs.ext4" of="$disk" bs=1M seek=$((1 + esp_mib)) conv=notrunc,sparse status=none
dd if="$out/data.ext4" of="$disk" bs=1M seek=$((1 + esp_mib + root_mib)) conv=notrunc,sparse status=none
rm -f "$out/esp.img"
echo "disk: $disk ($(du -h "$disk" | cut -f1) on disk, $(( 1 + esp_mib + root_mib + data_mib + 1 )) MiB)"
