#!/usr/bin/env bash
# Re-measures server/data/packages.toml's apt sizes: builds a minimal Debian
# bookworm root (debootstrap --variant=minbase, the closest thing to
# debian:bookworm-slim without a container engine), configures apt the way
# the official images do (compressed package indexes), and asks apt how much
# disk space each install would add (--assume-no answers "no" after the
# summary). Needs root, debootstrap and network access to deb.debian.org.
set -euo pipefail
root=${1:-/tmp/docklens-debslim}
[ -d "$root/usr" ] || debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
cp /etc/resolv.conf "$root/etc/"
printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n' > "$root/etc/apt/apt.conf.d/docker-gzip-indexes"
printf 'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian bookworm-updates main\ndeb http://deb.debian.org/debian-security bookworm-security main\n' > "$root/etc/apt/sources.list"
chroot "$root" apt-get update >/dev/null
echo "apt lists after update: $(chroot "$root" du -sk /var/lib/apt/lists | cut -f1) kB"
cp "$(dirname "$0")/measure-apt-sizes.inner.sh" "$root/tmp/measure.sh"
chroot "$root" bash /tmp/measure.sh
