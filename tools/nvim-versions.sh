#!/bin/sh
# Installs the newer Neovims the project supports beside the system's 0.7.2
# (Debian 12), from Debian's own archives, without touching the machine's
# apt configuration, its dpkg database or its libc:
#   - Packages indexes and .debs go to a private apt state directory;
#   - the .debs of neovim and its dependency closure (with the newer glibc
#     it needs) are unpacked with dpkg-deb -x under PREFIX/VERSION/root;
#   - nvim's ELF interpreter and rpath are pointed there (patchelf).
#
#   tools/nvim-versions.sh [PREFIX]
#
#   PREFIX          default /opt/nvim-versions (or $NVIM_VERSIONS_PREFIX)
#   NVIM_VERSIONS   which to install, default "0.10:trixie 0.12:sid"
#                   (VERSION:SUITE; the suite's neovim must be VERSION.x)
#   DEBIAN_MIRROR   default: the first Debian archive in the apt configuration
#
# Result: PREFIX/0.10/bin/nvim (Debian 13, 0.10.4) and PREFIX/0.12/bin/nvim
# (Debian unstable, 0.12.x); each finds its own runtime files. Idempotent: a
# version already installed that runs is left alone (delete PREFIX/VERSION to
# reinstall); a failed install leaves nothing behind. Every install is
# checked with `nvim --version` and `nvim --headless +q`.
# Needs: apt-get, apt-cache, dpkg-deb, debian-archive-keyring and patchelf
# (installed through apt-get when missing and run as root). Exit status 0
# when every version is installed and runs, 1 otherwise.
set -eu

PREFIX=${1:-${NVIM_VERSIONS_PREFIX:-/opt/nvim-versions}}
VERSIONS=${NVIM_VERSIONS:-0.10:trixie 0.12:sid}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
ARCH_TRIPLET=x86_64-linux-gnu

die() {
    echo "nvim-versions.sh: error: $*" >&2
    exit 1
}
say() { echo "nvim-versions.sh: $*"; }

# ---- prerequisites ----------------------------------------------------------
case $PREFIX in /*) ;; *) PREFIX=$(pwd)/$PREFIX ;; esac
[ "$(uname -m)" = x86_64 ] || die "only x86_64 is supported (this is $(uname -m))"
for tool in apt-get apt-cache dpkg-deb; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found: this needs a Debian-based system"
done
[ -r "$KEYRING" ] || die "$KEYRING missing: apt-get install debian-archive-keyring"
if ! command -v patchelf >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        say "installing patchelf"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null ||
            die "apt-get install patchelf failed"
    fi
    command -v patchelf >/dev/null 2>&1 ||
        die "patchelf not found: apt-get install patchelf (as root), or run make deps"
fi
mkdir -p "$PREFIX" 2>/dev/null && [ -w "$PREFIX" ] ||
    die "cannot write to $PREFIX: run as root or give another PREFIX"

# The Debian mirror this machine already uses (its first archive URI that is
# not the security archive), unless DEBIAN_MIRROR names one.
mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' |
        grep -v -e security -e '^cdrom:' | head -n 1) || true
fi
if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\).*/\2/p' |
        grep -v -e security -e '^cdrom:' | head -n 1) || true
fi
[ -n "$mirror" ] || die "no Debian mirror in the apt configuration; set DEBIAN_MIRROR=http://deb.debian.org/debian"

work=$(mktemp -d "${TMPDIR:-/tmp}/nvim-versions.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# nvim_ok BIN VERSION: BIN runs, is VERSION.x, and starts and quits headless.
nvim_ok() {
    [ -x "$1" ] || return 1
    v=$("$1" --version 2>&1 | head -n 1) || return 1
    case $v in "NVIM v$2."*) ;; *) return 1 ;; esac
    HOME=$work XDG_CONFIG_HOME=$work/none timeout 60 "$1" --headless -u NONE -i NONE -n +q \
        </dev/null >/dev/null 2>&1
}

# install VERSION SUITE
install_one() {
    version=$1 suite=$2
    dest=$PREFIX/$version
    if nvim_ok "$dest/bin/nvim" "$version"; then
        say "$version already installed: $("$dest/bin/nvim" --version | head -n 1) ($dest/bin/nvim)"
        return 0
    fi
    [ ! -e "$dest" ] || say "$dest exists but does not run Neovim $version: reinstalling"
    say "installing Neovim $version from Debian $suite ($mirror)"

    st=$work/$suite
    mkdir -p "$st/lists/partial" "$st/cache/archives/partial" "$st/debs" "$st/etc"
    echo "deb [signed-by=$KEYRING] $mirror $suite main" > "$st/sources.list"
    : > "$st/status"
    # A private apt: its own sources, index lists, cache and an empty dpkg
    # status (so the whole dependency closure is fetched, none of it taken
    # from this machine); the machine's apt.conf.d still applies (proxies).
    set -- -o "Dir::Etc::SourceList=$st/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o "Dir::State::Lists=$st/lists" -o "Dir::State::status=$st/status" \
        -o "Dir::Cache=$st/cache" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" \
        -o "APT::Sandbox::User=$(id -un)" -o APT::Architecture=amd64 \
        -o APT::Architectures::=amd64
    apt-get "$@" -qq update >"$st/update.log" 2>&1 ||
        { cat "$st/update.log" >&2; die "apt-get update of $mirror $suite failed"; }
    if grep -q '^E: \|^W: Failed to fetch\|^W: Some index files failed' "$st/update.log"; then
        cat "$st/update.log" >&2
        die "cannot read the $suite index from $mirror (network? DEBIAN_MIRROR?)"
    fi

    # neovim and everything it depends on (Pre-Depends and Depends only).
    pkgs=$(apt-cache "$@" depends --recurse --no-recommends --no-suggests --no-conflicts \
        --no-breaks --no-replaces --no-enhances neovim 2>"$st/depends.log" |
        grep -v '^ ' | grep -v '^<' | sort -u) ||
        { cat "$st/depends.log" >&2; die "apt-cache depends neovim ($suite) failed"; }
    echo "$pkgs" | grep -qx neovim || die "Debian $suite has no neovim package"
    # Packages that only make sense installed (maintainer scripts, keyrings)
    # are not needed by nvim itself; skip the heavy, irrelevant ones.
    pkgs=$(echo "$pkgs" | grep -v -x -e debconf -e 'perl-base' -e 'dpkg' -e 'tar' \
        -e 'install-info' -e 'base-files' -e 'mawk' -e 'sensible-utils') || true
    (cd "$st/debs" && apt-get "$@" -qq download $pkgs >"$st/download.log" 2>&1) ||
        { cat "$st/download.log" >&2; die "downloading $(echo $pkgs) from $suite failed"; }

    rm -rf "$dest.tmp" && mkdir -p "$dest.tmp/root" "$dest.tmp/bin"
    for deb in "$st"/debs/*.deb; do
        dpkg-deb -x "$deb" "$dest.tmp/root" || die "dpkg-deb -x $deb failed"
    done
    lib=$dest.tmp/root/usr/lib/$ARCH_TRIPLET
    [ -e "$lib/ld-linux-x86-64.so.2" ] || die "$suite's libc6 has no $lib/ld-linux-x86-64.so.2"
    [ -x "$dest.tmp/root/usr/bin/nvim" ] || die "$suite's neovim has no usr/bin/nvim"
    # The final paths (dest, not dest.tmp): the directory is renamed below.
    flib=$dest/root/usr/lib/$ARCH_TRIPLET
    patchelf --set-interpreter "$flib/ld-linux-x86-64.so.2" \
        --set-rpath "$flib:$dest/root/lib/$ARCH_TRIPLET" "$dest.tmp/root/usr/bin/nvim" ||
        die "patchelf on $suite's nvim failed"
    ln -s ../root/usr/bin/nvim "$dest.tmp/bin/nvim"
    dpkg-deb -f "$st"/debs/neovim_*.deb Version > "$dest.tmp/debian-version"
    rm -rf "$dest.old"
    [ ! -e "$dest" ] || mv "$dest" "$dest.old"
    mv "$dest.tmp" "$dest"
    rm -rf "$dest.old"
    if ! nvim_ok "$dest/bin/nvim" "$version"; then
        "$dest/bin/nvim" --version 2>&1 | head -n 3 >&2 || true
        rm -rf "$dest"
        die "the Neovim unpacked from $suite does not run as Neovim $version (removed $dest)"
    fi
    say "installed $("$dest/bin/nvim" --version | head -n 1) ($dest/bin/nvim)"
}

for pair in $VERSIONS; do
    case $pair in *:*) ;; *) die "NVIM_VERSIONS entry '$pair' is not VERSION:SUITE" ;; esac
    install_one "${pair%%:*}" "${pair#*:}"
done
