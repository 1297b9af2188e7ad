#!/bin/sh
# Installs the peers the benchmarks compare pdsup with (Debian packages
# supervisor, s6, runit), hyperfine for command timing, a C compiler for
# bench/svc.c, and matplotlib for the plot of bench/run.sh --scale. Idempotent: does nothing when everything is already there.
#
# It never leaves a system-wide instance of a peer running: package scripts are
# kept from starting services by a policy-rc.d that exits 101 (kept if the
# machine already has one), and any system supervisord / runsvdir / s6-svscan
# that appeared during the install is stopped afterwards.
#
# Usage: bench/install-peers.sh   (as root, or via sudo)
set -eu

PKGS="supervisor s6 runit hyperfine gcc libc6-dev procps python3-matplotlib"
# What each package must provide once installed (command names).
CMDS="supervisord supervisorctl s6-svscan s6-supervise s6-svc s6-svstat s6-svwait runsvdir runsv sv hyperfine cc pgrep"

missing_cmds() {
    m=""
    for c in $CMDS; do
        command -v "$c" >/dev/null 2>&1 || m="$m $c"
    done
    # a Python module of Debian's python3, not a command
    /usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1 || m="$m python3-matplotlib"
    echo "$m"
}

if [ -z "$(missing_cmds)" ]; then
    echo "install-peers: all present ($CMDS)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo "$0" "$@"
    fi
    echo "install-peers: must run as root to apt-get install: $PKGS" >&2
    exit 1
fi

# Record which peer daemons run before we install, so we stop only the ones
# the install started.
before=$(pgrep -x 'supervisord|runsvdir|s6-svscan' 2>/dev/null | tr '\n' ' ' || true)

POLICY=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# bench/install-peers.sh: keep package scripts from starting services\nexit 101\n' >"$POLICY"
    chmod 755 "$POLICY"
    made_policy=1
fi
cleanup() {
    if [ "$made_policy" = 1 ]; then rm -f "$POLICY"; fi
}
trap cleanup EXIT INT TERM

export DEBIAN_FRONTEND=noninteractive
apt_update() {
    if ! apt-get update -q -o DPkg::Lock::Timeout=600; then
        echo "install-peers: apt-get update failed; retrying once" >&2
        sleep 2
        apt-get update -q -o DPkg::Lock::Timeout=600
    fi
}
apt_update
# shellcheck disable=SC2086 # PKGS is a list of package names, split on purpose
apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 $PKGS

# Stop any system-wide peer instance the package scripts may have started.
for pid in $(pgrep -x 'supervisord|runsvdir|s6-svscan' 2>/dev/null || true); do
    case " $before " in *" $pid "*) continue ;; esac
    echo "install-peers: stopping system instance $(cat /proc/"$pid"/comm 2>/dev/null) (pid $pid)" >&2
    kill -TERM "$pid" 2>/dev/null || true
done
# Keep Debian's supervisor service from starting at a later boot (sysvinit);
# the benchmarks use private instances only.
if command -v update-rc.d >/dev/null 2>&1 && [ -e /etc/init.d/supervisor ]; then
    update-rc.d supervisor disable >/dev/null 2>&1 || true
fi

m=$(missing_cmds)
if [ -n "$m" ]; then
    echo "install-peers: still missing after install:$m" >&2
    exit 1
fi
echo "install-peers: installed $PKGS"
