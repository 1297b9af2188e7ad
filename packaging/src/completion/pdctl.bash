# bash completion for pdctl(8), the client of pdsupd(8)       -*- shell-script -*-
# shellcheck shell=bash
#
# Installed as share/bash-completion/completions/pdctl under the prefix
# (/usr/local on FreeBSD and for the tarball on Linux), where bash-completion
# looks (its XDG_DATA_DIRS search includes /usr/local/share).  Completes
# commands, options, states, signal names, and service names asked live
# from the daemon ("pdctl status", with the -s/--socket of the command line).

# Prints the names of the daemon's services, one a line; nothing when the
# daemon cannot be reached.  $1: the pdctl being completed; $2: a socket or "".
_pdctl_services()
{
    local -a sockopt=()
    [[ -n $2 ]] && sockopt=(-s "$2")
    # not a terminal: no colour; status exits 3 when a service is fatal, which
    # does not matter here
    "$1" "${sockopt[@]}" status 2>/dev/null | awk 'NR > 1 { print $1 }'
}

_pdctl()
{
    local cur prev words cword split
    _init_completion -s || return

    local commands="status start stop restart signal reload reopen-logs events
        logs show pid wait version reexec shutdown help"
    local global="-s --socket --json -h --help --version"
    local states="stopped starting running stopping exited backoff fatal"
    local signals="HUP INT QUIT KILL USR1 USR2 TERM CONT STOP TSTP TTIN TTOU
        WINCH INFO ALRM"

    # the command, how many arguments it has before the word being completed,
    # and the socket named on the command line
    local i cmd="" sock="" nargs=0
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -s | --socket)
            sock=${words[i + 1]}
            ((i++))
            ;;
        --socket=*) sock=${words[i]#--socket=} ;;
        -n | --lines | --state | --timeout | --since) ((i++)) ;;
        -*) ;;
        *)
            if [[ -z $cmd ]]; then
                cmd=${words[i]}
            else
                ((nargs++))
            fi
            ;;
        esac
    done

    case $prev in
    -s | --socket)
        _filedir
        return
        ;;
    -n | --lines | --timeout | --since)
        return
        ;;
    --state)
        # a comma-separated list: complete its last item
        local done_=${cur%"${cur##*,}"}
        mapfile -t COMPREPLY < <(compgen -P "$done_" -W "$states" -- "${cur##*,}")
        compopt -o nospace
        return
        ;;
    esac
    $split && return

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$global" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        fi
        return
    fi

    local opts="--json --help" names=""
    case $cmd in
    status | start | stop | restart) names=1 ;;
    events)
        opts+=" -f --follow --no-history --utc"
        names=1
        ;;
    logs)
        opts+=" -n --lines -f --follow --since --stdout --stderr"
        names=1
        ;;
    pid | show) ((nargs == 0)) && names=1 ;;
    wait)
        opts+=" --state --timeout"
        ((nargs == 0)) && names=1
        ;;
    signal)
        if ((nargs == 0)); then
            names=1
        elif ((nargs == 1)) && [[ $cur != -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$signals" -- "${cur^^}")
            return
        fi
        ;;
    help)
        ((nargs == 0)) && mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    elif [[ -n $names ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_pdctl_services "${words[0]}" "$sock")" -- "$cur")
    fi
} &&
    complete -F _pdctl pdctl

# ex: filetype=sh
