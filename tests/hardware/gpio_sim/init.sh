#!/bin/sh
# /init of the gpio-sim guest (see run.sh): a simulated GPIO chip with 41 lines like the Pi's
# header bank, then the probe against ossynapsed's pwm2 output, then power off.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
insmod /modules/configfs.ko 2>/dev/null
mount -t configfs configfs /sys/kernel/config
mount -t tracefs tracefs /sys/kernel/tracing
insmod /modules/gpio-sim.ko || echo "gpio-sim: FAIL cannot load gpio-sim.ko"
ip link set lo up
bank=/sys/kernel/config/gpio-sim/skull/bank0
mkdir -p $bank
echo 41 > $bank/num_lines
echo 1 > /sys/kernel/config/gpio-sim/skull/live
chip=$(cat $bank/chip_name)
lines=/sys/devices/platform/$(cat /sys/kernel/config/gpio-sim/skull/dev_name)/$chip
echo "gpio-sim: chip $chip, lines under $lines"
# Pulled up: a LOW reading is then the daemon driving the line, never a released line.
echo pull-up > $lines/sim_gpio21/pull
echo pull-up > $lines/sim_gpio13/pull
base=$(cat /sys/class/gpio/gpiochip*/base | head -1)
# Every value a consumer sets on a line goes to the trace: the daemon's last word on each line.
echo 1 > /sys/kernel/tracing/events/gpio/gpio_value/enable
spec=$(sed "s/CHIP/$chip/" /output-spec)
echo "gpio-sim: ossynapsed --output $spec"
/bin/gpio_sim_probe /bin/ossynapsed $lines/sim_gpio21/value $lines/sim_gpio13/value "$spec" $base
echo "gpio-sim: probe exit $?"
poweroff -f
