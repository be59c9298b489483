#!/bin/bash
# Assembles OUTDIR/disk.img from OUTDIR/rootfs.ext4 and the kernel: a GPT disk with a 256 MiB
# EFI system partition (systemd-boot, the kernel and initrd) and the root partition, without
# root or loop devices (sfdisk on a file, mtools for the FAT partition). Write it to the
# mini-PC's disk with dd; it boots with UEFI.
set -euo pipefail
out=$1
boot_efi=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
for t in sfdisk mkfs.vfat mcopy; do command -v $t >/dev/null || { echo "disk: $t missing (fdisk, dosfstools, mtools)"; exit 1; }; done
[ -e $boot_efi ] || { echo "disk: $boot_efi missing (systemd-boot-efi)"; exit 1; }
esp_mib=256
root_bytes=$(stat -c %s "$out/rootfs.ext4")
root_mib=$(( (root_bytes + 1048575) / 1048576 ))
disk=$out/disk.img
rm -f "$disk" "$out/esp.img"
truncate -s $(( (1 + esp_mib + root_mib + 1) * 1048576 )) "$disk"
sfdisk -q "$disk" <<EOT
label: gpt
start=1MiB, size=${esp_mib}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=esp
start=$((1 + esp_mib))MiB, size=${root_mib}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=dawr-root
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
rm -f "$out/esp.img"
echo "disk: $disk ($(du -h "$disk" | cut -f1) on disk, $(( (1 + esp_mib + root_mib + 1) )) MiB)"
