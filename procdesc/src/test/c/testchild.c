/*
 * testchild - a child process for the procdesc tests.
 *   testchild burn MS     burn user CPU until getrusage reports MS milliseconds, then exit 0
 *   testchild alloc MB    allocate MB MiB, touch every page, exit 0
 *   testchild exit N      exit with status N
 *   testchild pause       wait for a signal forever
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static long user_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec * 1000L + ru.ru_utime.tv_usec / 1000L;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "burn") == 0 && argc == 3) {
		long target = atol(argv[2]);
		volatile unsigned long x = 0;
		while (user_ms() < target)
			for (int i = 0; i < 1000000; i++)
				x += (unsigned long)i * 2654435761UL;
		return 0;
	}
	if (strcmp(argv[1], "alloc") == 0 && argc == 3) {
		size_t bytes = (size_t)atol(argv[2]) << 20;
		char *p = malloc(bytes);
		if (p == NULL)
			return 3;
		memset(p, 0x5a, bytes);
		return p[bytes - 1] == 0x5a ? 0 : 4;
	}
	if (strcmp(argv[1], "exit") == 0 && argc == 3)
		return atoi(argv[2]);
	if (strcmp(argv[1], "pause") == 0) {
		for (;;)
			pause();
	}
	return 2;
}
