/*
 * svc: the one service program every benchmark workload runs, under every
 * supervisor. It stamps its own start (and, in crash mode, its exit) with
 * CLOCK_REALTIME so that latencies are measured inside the services, not by
 * the harness.
 *
 *   svc -f FILE [-c] [-d MS] [-n FD]
 *
 *   -f FILE  append "start <ns> <pid>\n" to FILE when started (O_APPEND,
 *            one write(2) per line, so concurrent writers never interleave)
 *   -c       crash mode: append "exit <ns> <pid>\n" and exit 1
 *   -d MS    in crash mode, live MS milliseconds before exiting (default 0)
 *   -n FD    readiness notification: write "\n" to FD after the start line
 *            and close it (s6's notification-fd protocol)
 *
 * Without -f, the options are read from the file "svc.args" in the current
 * directory (whitespace-separated, same syntax). runsv and s6-supervise exec
 * ./run without arguments from the service directory, so ./run can be a
 * symbolic link to this binary and no shell runs between supervisor and
 * service.
 *
 * Without -c the program writes its start line and then sleeps in pause(2)
 * until a signal's default action ends it.
 *
 * Built by the harness: cc -O2 -o svc svc.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_TOKENS 16

struct options {
    const char *file;
    int crash;
    long delay_ms;
    int notify_fd;
};

static void die(const char *what, const char *detail)
{
    char msg[512];
    int n = snprintf(msg, sizeof msg, "svc: %s%s%s\n", what,
                     detail ? ": " : "", detail ? detail : "");
    if (n > 0) {
        ssize_t ignored = write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
        (void)ignored;
    }
    _exit(111);
}

static long parse_long(const char *s, const char *opt)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *s == '\0' || *end != '\0' || v < 0)
        die("not a non-negative integer after", opt);
    return v;
}

static void parse(int argc, char **argv, struct options *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-f") == 0 && i + 1 < argc) {
            o->file = argv[++i];
        } else if (strcmp(a, "-c") == 0) {
            o->crash = 1;
        } else if (strcmp(a, "-d") == 0 && i + 1 < argc) {
            o->delay_ms = parse_long(argv[++i], "-d");
        } else if (strcmp(a, "-n") == 0 && i + 1 < argc) {
            o->notify_fd = (int)parse_long(argv[++i], "-n");
        } else if (a[0] == '-') {
            die("unknown option or missing value", a);
        }
        /* other words (e.g. the service directory name s6 passes) are ignored */
    }
}

/* Reads svc.args from the current directory into o (static storage). */
static void parse_args_file(struct options *o)
{
    static char buf[4096];
    static char *tokens[MAX_TOKENS];
    int fd = open("svc.args", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("no -f given and cannot open ./svc.args", strerror(errno));
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0)
        die("cannot read ./svc.args", strerror(errno));
    buf[n] = '\0';
    int count = 0;
    for (char *save = NULL, *t = strtok_r(buf, " \t\r\n", &save); t != NULL;
         t = strtok_r(NULL, " \t\r\n", &save)) {
        if (count == MAX_TOKENS)
            die("too many words in ./svc.args", NULL);
        tokens[count++] = t;
    }
    parse(count, tokens, o);
}

static void stamp(int fd, const char *word)
{
    struct timespec ts;
    char line[96];
    clock_gettime(CLOCK_REALTIME, &ts);
    long long ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
    int len = snprintf(line, sizeof line, "%s %lld %ld\n", word, ns, (long)getpid());
    if (write(fd, line, (size_t)len) != len)
        die("cannot write stamp line", strerror(errno));
}

int main(int argc, char **argv)
{
    struct options o = { NULL, 0, 0, -1 };
    parse(argc - 1, argv + 1, &o);
    if (o.file == NULL)
        parse_args_file(&o);
    if (o.file == NULL)
        die("no output file (-f FILE)", NULL);

    int fd = open(o.file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        die(o.file, strerror(errno));
    stamp(fd, "start");

    if (o.notify_fd >= 0) {
        ssize_t ignored = write(o.notify_fd, "\n", 1);
        (void)ignored;
        close(o.notify_fd);
    }

    if (o.crash) {
        if (o.delay_ms > 0) {
            struct timespec d = { o.delay_ms / 1000, (o.delay_ms % 1000) * 1000000L };
            while (nanosleep(&d, &d) != 0 && errno == EINTR) {
            }
        }
        stamp(fd, "exit");
        return 1;
    }
    for (;;)
        pause();
}
