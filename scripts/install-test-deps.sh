#!/bin/sh
# Installs the Debian packages the test suite needs, when they are missing:
#   - package shellcheck: lints every shell script (rc.d, launchers, scripts, the port's files)
#   - package mandoc: lints every man page (mandoc -Tlint)
#   - package prometheus: provides promtool, which checks the metrics endpoint's output
#   - package socat: speaks to the control socket by hand in the protocol tests
#   - packages bindfs, fuse3: a FUSE log directory the chaos suite freezes (bench/chaos, disk-hung)
#   - package bash-completion: drives pdctl's bash completion (a file, not a command)
#   - package zsh: checks pdctl's zsh completion
#   - package openssh-server: an sshd for pdctl -H (a file: /usr/sbin is not on every PATH)
#   - package golang-golang-x-sys-dev and package librust-libc-dev: FreeBSD constants and struct layouts
#     from two independent sources, compared with procdesc's (IndependentSourcesTest); checked by file
# Idempotent: does nothing when every command is already there. Non-interactive.
# Needs root (or sudo) only when something is missing.
set -eu

# command -> Debian package that provides it
missing_packages() {
	for pair in shellcheck:shellcheck mandoc:mandoc promtool:prometheus socat:socat zsh:zsh bindfs:bindfs fusermount3:fuse3; do
		cmd=${pair%%:*}
		pkg=${pair#*:}
		command -v "$cmd" >/dev/null 2>&1 || printf '%s\n' "$pkg"
	done
	[ -f /usr/share/bash-completion/bash_completion ] || printf '%s\n' bash-completion
	[ -x /usr/sbin/sshd ] || printf '%s\n' openssh-server
	# library packages: a file each provides
	[ -f /usr/share/gocode/src/golang.org/x/sys/unix/ztypes_freebsd_arm64.go ] || echo golang-golang-x-sys-dev
	ls /usr/share/cargo/registry/libc-*/src/unix/bsd/freebsdlike/freebsd/freebsd14/mod.rs >/dev/null 2>&1 \
		|| echo librust-libc-dev
}

pkgs=$(missing_packages | tr '\n' ' ')
if [ -z "$pkgs" ]; then
	echo "install-test-deps: every package the tests use is present"
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-test-deps: missing packages ($pkgs) and no apt-get here; install them by hand" >&2
	exit 1
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-test-deps: need root to install: $pkgs" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-test-deps: installing $pkgs"
# A mirror caught mid-sync fails its signature check now and then: retry once.
if ! $SUDO apt-get update -q; then
	echo "install-test-deps: apt-get update failed; retrying once in 5 s" >&2
	sleep 5
	$SUDO apt-get update -q
fi
# shellcheck disable=SC2086 # $pkgs is a list of package names, split on purpose
$SUDO apt-get install -y -q --no-install-recommends $pkgs </dev/null

still=$(missing_packages | tr '\n' ' ')
if [ -n "$still" ]; then
	echo "install-test-deps: still missing after install: $still" >&2
	exit 1
fi
echo "install-test-deps: done"
