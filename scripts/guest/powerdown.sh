#!/bin/sh
# acpid's handler for the ACPI power button (PWRF): a clean, immediate stop of the guest.
echo "NIMBUS-POWERDOWN" > /dev/console
poweroff -f
