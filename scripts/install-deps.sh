#!/usr/bin/env bash
# Install every build and test dependency of iscsikt with apt.
#
# Idempotent: when everything is present it only checks and returns in
# seconds.  Needs root (or sudo).  Debian 12 (bookworm) is the reference;
# the 6.12 guest kernel comes from bookworm-backports.
#
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --no-backports   skip the 6.12 kernel
set -euo pipefail

want_backports=1
[ "${1:-}" = "--no-backports" ] && want_backports=0

SUDO=
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi

# Packages by purpose.  linux-image/linux-headers must come in one apt
# call so that their versions match.
build_pkgs=(build-essential pkg-config libnl-3-dev libnl-genl-3-dev
	libkmod-dev libssl-dev linux-source-6.1 xz-utils bc flex bison
	libelf-dev kmod sparse libisns-dev)
guest_pkgs=(qemu-system-x86 busybox-static linux-image-amd64
	linux-headers-amd64 cpio iproute2 nftables)
test_pkgs=(libiscsi-bin open-iscsi fio sg3-utils jq e2fsprogs util-linux python3 clang
	libclang-rt-14-dev dmsetup open-isns-server open-isns-utils sdparm
	tgt iperf3 gnuplot-nox python3-yaml python3-jsonschema
	linux-source-6.12 groff-base systemd)

missing=()
for p in "${build_pkgs[@]}" "${guest_pkgs[@]}" "${test_pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

bp_list=/etc/apt/sources.list.d/iscsikt-backports.sources
need_bp_kernel=0
if [ "$want_backports" = 1 ]; then
	if ! ls -d /lib/modules/6.12.*/build >/dev/null 2>&1; then
		need_bp_kernel=1
	fi
fi

# The prebuilt debug kernel (KASAN, lockdep, kmemleak; see
# ../shared/kernels/README.md) is installed from local .deb files when the
# folder is there.  A package counts as installed when dpkg has exactly the
# version the file carries; the files are checked against SHA256SUMS first.
install_debug_kernel() {
	local top dir deb base pkg ver debs=()
	top=$(cd "$(dirname "$0")/.." && pwd)
	dir=${IKT_KERNEL_DEBS:-$top/../shared/kernels}
	[ -d "$dir" ] || return 0
	for deb in "$dir"/*.deb; do
		[ -e "$deb" ] || continue
		base=$(basename "$deb" .deb)
		pkg=${base%%_*}
		ver=${base#*_}
		ver=${ver%_*}
		if [ "$(dpkg-query -W -f='${Status} ${Version}' "$pkg" \
			2>/dev/null)" != "install ok installed $ver" ]; then
			debs+=("$deb")
		fi
	done
	[ ${#debs[@]} -gt 0 ] || return 0
	if [ ! -f "$dir/SHA256SUMS" ]; then
		echo "install-deps: $dir/SHA256SUMS missing, not installing" \
		     "${debs[*]}" >&2
		return 1
	fi
	(cd "$dir" && for deb in "${debs[@]}"; do
		grep " $(basename "$deb")\$" SHA256SUMS
	done | sha256sum --quiet -c -) || {
		echo "install-deps: checksum mismatch in $dir" >&2
		return 1
	}
	echo "install-deps: installing the debug kernel: ${debs[*]##*/}"
	$SUDO dpkg -i "${debs[@]}" >/dev/null 2> >(grep -v "Possible missing firmware" >&2)
}

if [ ${#missing[@]} -eq 0 ] && [ "$need_bp_kernel" = 0 ]; then
	install_debug_kernel
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if [ "$need_bp_kernel" = 1 ] && [ ! -f "$bp_list" ]; then
	# Same mirror as the machine's own Debian entry.
	uri=$(awk '/^URIs:/ && /debian\/?$/ {print $2; exit}' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	[ -n "$uri" ] || uri=http://deb.debian.org/debian
	$SUDO tee "$bp_list" >/dev/null <<SRC
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

$SUDO apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing ${missing[*]}"
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ "$need_bp_kernel" = 1 ]; then
	echo "install-deps: installing the bookworm-backports kernel"
	$SUDO apt-get install -y -qq --no-install-recommends \
		-t bookworm-backports linux-image-amd64 linux-headers-amd64
fi
install_debug_kernel
