#!/usr/bin/env bash
# Builds the Nimbus tiny guest template from Debian packages only: <outdir>/nimbus-tiny.qcow2, a compressed qcow2
# bootable disk (MBR + syslinux + one FAT partition holding the Debian cloud kernel and an initramfs of busybox, the
# virtio modules, dropbear and scripts/guest/*). Intermediate files stay in <outdir>/work; when the qcow2 is up to
# date (same script, guest files and kernel package) a run does nothing. The qcow2's path is the only line on stdout.
# Recipe measured on this machine: /work/shared/notes/virtualization.md ("Guest build recipe", "Bootable disk template").
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <outdir>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
guest="$here/guest"
mkdir -p "$1"
out=$(cd "$1" && pwd)
work="$out/work"
image="$out/nimbus-tiny.qcow2"
mkdir -p "$work"
say() { echo "build-template: $*" >&2; }

# Two builds into the same directory (parallel tests) must not interleave.
exec 9> "$work/.lock"
flock 9

need=(busybox-static cpio kmod syslinux syslinux-common mtools dosfstools fdisk qemu-utils dropbear-bin)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

# The kernel: the package linux-image-cloud-amd64 currently depends on, downloaded once into work/kernel.
kdir="$work/kernel"
mkdir -p "$kdir"
kpkg=$(apt-cache depends linux-image-cloud-amd64 2> /dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
if [ -z "$kpkg" ]; then
  echo "build-template: apt-cache knows no dependency of linux-image-cloud-amd64 (run apt-get update)" >&2
  exit 1
fi
kdeb=$(ls "$kdir/${kpkg}"_*.deb /var/cache/apt/archives/"${kpkg}"_*.deb 2> /dev/null | head -1 || true)
if [ -z "$kdeb" ]; then
  say "downloading $kpkg"
  (cd "$kdir" && apt-get download "$kpkg" >&2)
  kdeb=$(ls "$kdir/${kpkg}"_*.deb | head -1)
fi

stamp=$( (cat "$0" "$guest"/*; basename "$kdeb"; dpkg-query -W busybox-static dropbear-bin) | sha256sum | cut -d' ' -f1)
if [ -f "$image" ] && [ "$(cat "$work/stamp" 2> /dev/null)" = "$stamp" ]; then
  echo "$image"
  exit 0
fi

kroot="$kdir/root"
rm -rf "$kroot"
dpkg -x "$kdeb" "$kroot"
kver=$(ls "$kroot/lib/modules" | head -1)
kmods="$kroot/lib/modules/$kver/kernel"

# The initramfs tree.
r="$work/initrd-root"
rm -rf "$r"
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc/acpi/PWRF,etc/dropbear,proc,sys,dev,tmp,run,var/log,www,lib/modules,lib64,lib/x86_64-linux-gnu}
mkdir -m 700 "$r/root"
cp /bin/busybox "$r/bin/busybox"
for a in $(/bin/busybox --list); do
  [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"
done

# Load order matters: virtio_ring before virtio, the PCI transport before the device drivers.
modules=(drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev
  drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci net/core/failover drivers/net/net_failover
  drivers/net/virtio_net drivers/block/virtio_blk drivers/char/hw_random/virtio-rng drivers/input/evdev
  drivers/acpi/button)
: > "$r/etc/modules"
for m in "${modules[@]}"; do
  cp "$kmods/$m.ko" "$r/lib/modules/"
  basename "$m" >> "$r/etc/modules"
done

# dropbear is linked dynamically; the host is Debian 12 too, so its libraries fit.
cp /usr/sbin/dropbear "$r/usr/sbin/"
for l in $(ldd /usr/sbin/dropbear | awk '/=>/ { print $3 }'); do
  cp -L "$l" "$r/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$r/lib64/"

echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
echo 'root:x:0:' > "$r/etc/group"
# '*' locks password login: root gets a password only from the password server.
echo 'root:*:19000:0:99999:7:::' > "$r/etc/shadow"
chmod 600 "$r/etc/shadow"
echo /bin/sh > "$r/etc/shells"
echo nimbus-guest > "$r/etc/hostname"
install -m 755 "$guest/init" "$r/init"
install -m 755 "$guest/udhcpc.script" "$r/etc/udhcpc.script"
install -m 755 "$guest/cloud-data.sh" "$r/etc/cloud-data.sh"
install -m 755 "$guest/powerdown.sh" "$r/etc/acpi/PWRF/00000080"
(cd "$r" && find . | cpio -o -H newc --quiet | gzip -9) > "$work/initrd.gz"
cp "$kroot/boot/vmlinuz-$kver" "$work/vmlinuz"

# The disk: an MBR with syslinux's boot code and one bootable FAT partition from 1 MiB to the end (64 MiB in all).
fat_mb=63
rm -f "$work/boot.fat" "$work/disk.raw"
mkfs.vfat -n NIMBUSBOOT -C "$work/boot.fat" $((fat_mb * 1024)) > /dev/null
printf 'DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nSERIAL 0 115200\nLABEL linux\n  KERNEL /vmlinuz\n  INITRD /initrd.gz\n  APPEND console=ttyS0 panic=-1 quiet\n' > "$work/syslinux.cfg"
mcopy -i "$work/boot.fat" "$work/vmlinuz" "$work/initrd.gz" "$work/syslinux.cfg" ::/
syslinux --install "$work/boot.fat"
truncate -s $((1 + fat_mb))M "$work/disk.raw"
printf 'label: dos\nstart=2048, type=c, bootable\n' | sfdisk -q "$work/disk.raw"
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$work/disk.raw" bs=440 count=1 conv=notrunc status=none
dd if="$work/boot.fat" of="$work/disk.raw" bs=1M seek=1 conv=notrunc status=none
qemu-img convert -c -f raw -O qcow2 "$work/disk.raw" "$work/nimbus-tiny.qcow2.tmp"
rm -rf "$work/disk.raw" "$work/boot.fat" "$kroot"
# Rename last, so that a reader never sees a half-written image.
mv "$work/nimbus-tiny.qcow2.tmp" "$image"
echo "$stamp" > "$work/stamp"
say "built $image ($kver)"
echo "$image"
