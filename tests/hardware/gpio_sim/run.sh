#!/bin/bash
# The pwm2 output against a real kernel GPIO chip: Debian's kernel under qemu-system (TCG), the
# kernel's gpio-sim driver built as an out-of-tree module from Debian's linux-source (Debian's
# kernel has neither CONFIG_GPIO_SIM nor CONFIG_IRQ_SIM), an initramfs with busybox, ossynapsed
# and the probe. Recipe: ../shared/notes/real-gpio-in-qemu.md.
#
# usage: run.sh OSSYNAPSED PROBE WORKDIR
# OSSYNAPSE_GPIO_SIM_LINES=a,b (default 21,13) wires pwm2 differently: 13,21 must fail.
# Exit 77 (skipped) when the kernel packages are not installed.
set -euo pipefail
daemon=$1 probe=$2 work=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lines=${OSSYNAPSE_GPIO_SIM_LINES:-21,13}

skip() { echo "SKIPPED: $*" >&2; exit 77; }
kernel=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -1 || true)
[ -n "$kernel" ] || skip "no Debian kernel in /boot (packaging/debian-packages.txt: linux-image-amd64)"
abi=${kernel#/boot/vmlinuz-}
headers=/usr/src/linux-headers-$abi
source_tar=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1 || true)
[ -d "$headers" ] || skip "no kernel headers $headers (linux-headers-amd64)"
[ -n "$source_tar" ] || skip "no kernel source in /usr/src (linux-source-6.1)"
for tool in qemu-system-x86_64 busybox cpio; do
  command -v $tool >/dev/null || skip "$tool missing (qemu-system-x86, busybox-static, cpio)"
done
[ -r "$kernel" ] || skip "$kernel is not readable"

mkdir -p "$work"
module="$work/module-$abi/gpio-sim.ko"
if [ ! -f "$module" ]; then
  echo "building gpio-sim.ko for $abi from $source_tar"
  rm -rf "$work/module-$abi" "$work/src"
  mkdir -p "$work/module-$abi" "$work/src"
  top=$(basename "$source_tar" .tar.xz)  # the tarball's top folder: linux-source-6.1
  tar -xJf "$source_tar" -C "$work/src" "$top/drivers/gpio/gpio-sim.c" \
      "$top/drivers/gpio/gpiolib.h" "$top/kernel/irq/irq_sim.c"
  m="$work/module-$abi"
  cp "$work/src/$top/drivers/gpio/gpio-sim.c" "$m/gpio-sim-main.c"
  cp "$work/src/$top/drivers/gpio/gpiolib.h" "$m/"
  # irq_to_desc() is not exported to modules; generic_handle_irq() does the same here.
  sed 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' \
      "$work/src/$top/kernel/irq/irq_sim.c" > "$m/irq_sim.c"
  grep -q 'generic_handle_irq(irqnum)' "$m/irq_sim.c" || { echo "irq_sim.c: patch did not apply" >&2; exit 1; }
  printf 'obj-m += gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' > "$m/Kbuild"
  make -s -C "$headers" M="$m" modules >"$m/build.log" 2>&1 || { cat "$m/build.log" >&2; exit 1; }
  rm -rf "$work/src"
fi

# The initramfs: busybox, the modules, the daemon with the libraries it loads, the probe.
root="$work/root"
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,modules}
cp "$(command -v busybox)" "$root/bin/busybox"
for applet in sh mount insmod ip mkdir cat sed echo poweroff sleep; do ln -s busybox "$root/bin/$applet"; done
configfs=$(find /lib/modules/"$abi" -name 'configfs.ko*' | head -1)
if [ -n "$configfs" ]; then
  case "$configfs" in
    *.xz) xz -dc "$configfs" > "$root/modules/configfs.ko" ;;
    *) cp "$configfs" "$root/modules/configfs.ko" ;;
  esac
fi
cp "$module" "$root/modules/gpio-sim.ko"
cp "$daemon" "$root/bin/ossynapsed"
cp "$probe" "$root/bin/gpio_sim_probe"
for lib in $(ldd "$daemon" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp "$here/init.sh" "$root/init"
chmod +x "$root/init"
echo "pwm2:chip=CHIP,a=${lines%,*},b=${lines#*,},hz=50" > "$root/output-spec"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

# no_timer_check: on a loaded host the emulated timer can look broken to the kernel's boot
# check, which then panics ("IO-APIC + timer doesn't work").
log="$work/serial.log"
echo "booting $kernel under qemu-system-x86_64 (TCG)"
timeout 600 qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 1 -kernel "$kernel" \
  -initrd "$work/initrd.gz" -append "console=ttyS0 panic=-1 rdinit=/init quiet no_timer_check" \
  -display none -no-reboot -monitor none -serial stdio </dev/null >"$log" 2>&1 || true
grep -E '^(gpio-sim|ossynapsed)' "$log" | tr -d '\r' || true
summary=$(grep -a -o 'gpio-sim: [0-9]* passed, [0-9]* failed' "$log" | tail -1 || true)
if [ -z "$summary" ]; then
  echo "no result from the guest; serial log: $log" >&2
  tail -30 "$log" >&2
  exit 1
fi
case "$summary" in
  *" 0 failed") exit 0 ;;
  *) exit 1 ;;
esac
