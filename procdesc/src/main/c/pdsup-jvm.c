/*
 * pdsup-jvm: runs a Java main class on this process's first thread.
 *
 *   pdsup-jvm LIBJVM [JVM-OPTION...] -- MAIN-CLASS [ARGUMENT...]
 *
 * LIBJVM is the path of the JDK's libjvm (lib/server/libjvm.so); each JVM-OPTION is handed to
 * JNI_CreateJavaVM as it is (-Dname=value, -Xmx256m, -XX:..., --enable-native-access=...; the class path
 * as -Djava.class.path=...; launcher-only options such as -cp or -jar are not understood). MAIN-CLASS is
 * a binary name (org.pdsup.daemon.Main); its public static void main(String[]) runs on this thread, the
 * process's first one, and the exit status is 0 when it returns, 1 when it throws (System.exit decides
 * otherwise).
 *
 * Why not java(1): its launcher runs main() on a second thread and parks the first one. Linux sends a
 * child's parent-death signal (PR_SET_PDEATHSIG) when the *thread* that is its parent ends, and pdsupd's
 * services are children of the process's first thread; an execve(2) from any other thread ends the first
 * one and with it every service. pdsupd re-executes itself (pdctl reexec) from its main thread, which here
 * is the first thread, so the services keep their parent. docs/architecture.md, "Live re-exec".
 *
 * On Linux it blocks SIGCHLD before it creates the JVM, so that every thread of the JVM starts with it
 * blocked and pdsupd reads it from a signalfd on its kernel-event thread (procdesc ChildSignalFd): the JVM's
 * own signal dispatch starts a new thread for every signal, and a SIGCHLD comes with every exit. The mask is
 * inherited across execve(2) (a re-exec) and reset to empty in every process pdsupd spawns (posix_spawn
 * SETSIGMASK). FreeBSD keeps the JVM's handler: nothing is blocked there.
 *
 * On Linux it also moves HotSpot's suspend/resume signal off SIGUSR2 (_JAVA_SR_SIGNUM=40, SIGRTMIN+6, set only
 * while the JVM is created and removed after, so the services, which inherit pdsupd's environment, do not get
 * it): pdsupd takes SIGUSR2 for a live re-exec, and its handler replaced HotSpot's, so a JFR recording's thread
 * sampler, which suspends threads with that signal, re-executed pdsupd.
 *
 * With -Xshare:dump among the options it only creates the JVM, which writes the class-data archive (pdsup-cds):
 * JDK 17 exits there itself, newer JDKs return, and main() must not run then.
 *
 * Exit status 127 with a message on standard error when the JVM cannot be loaded or created, or the class
 * or its main method cannot be found.
 */
#include <dlfcn.h>
#include <jni.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef jint (*create_vm_fn)(JavaVM **, void **, void *);

static int die(const char *what, const char *detail)
{
	fprintf(stderr, "pdsup-jvm: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	return 127;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return die("usage: pdsup-jvm LIBJVM [JVM-OPTION...] -- MAIN-CLASS [ARGUMENT...]", NULL);
	int sep = 2;
	while (sep < argc && strcmp(argv[sep], "--") != 0)
		sep++;
	if (sep + 1 >= argc)
		return die("no main class after --", NULL);

#if defined(__linux__)
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) != 0)
		return die("cannot block SIGCHLD", NULL);
	int sr_set = getenv("_JAVA_SR_SIGNUM") == NULL;
	if (sr_set && setenv("_JAVA_SR_SIGNUM", "40", 0) != 0)
		return die("cannot set _JAVA_SR_SIGNUM", NULL);
#endif
	void *lib = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
	if (lib == NULL)
		return die("cannot load the JVM", dlerror());
	create_vm_fn create = (create_vm_fn)dlsym(lib, "JNI_CreateJavaVM");
	if (create == NULL)
		return die("no JNI_CreateJavaVM in", argv[1]);

	int nopt = sep - 2;
	JavaVMOption *opts = calloc((size_t)nopt + 1, sizeof *opts);
	if (opts == NULL)
		return die("out of memory", NULL);
	for (int i = 0; i < nopt; i++)
		opts[i].optionString = argv[2 + i];
	JavaVMInitArgs vmargs;
	vmargs.version = JNI_VERSION_1_8;
	vmargs.nOptions = nopt;
	vmargs.options = opts;
	vmargs.ignoreUnrecognized = JNI_FALSE;

	int dump_only = 0; /* -Xshare:dump: JDK 17 exits when the archive is written, newer JDKs return */
	for (int i = 0; i < nopt; i++)
		if (strcmp(opts[i].optionString, "-Xshare:dump") == 0)
			dump_only = 1;

	JavaVM *vm;
	JNIEnv *env;
	if (create(&vm, (void **)&env, &vmargs) != JNI_OK)
		return die("cannot create the JVM (an option it does not accept is named above)", NULL);
#if defined(__linux__)
	if (sr_set)
		unsetenv("_JAVA_SR_SIGNUM"); /* HotSpot read it while starting */
#endif

	if (dump_only) {
		/* the class-data archive is written; main() would run as a daemon (pdsup-cds) */
		(*vm)->DestroyJavaVM(vm);
		return 0;
	}
	char *cls = strdup(argv[sep + 1]);
	if (cls == NULL)
		return die("out of memory", NULL);
	for (char *p = cls; *p; p++)
		if (*p == '.')
			*p = '/';
	int status = 127;
	jclass main_class = (*env)->FindClass(env, cls);
	jmethodID main_method = main_class == NULL ? NULL
	    : (*env)->GetStaticMethodID(env, main_class, "main", "([Ljava/lang/String;)V");
	if (main_method == NULL) {
		(*env)->ExceptionDescribe(env);
		fprintf(stderr, "pdsup-jvm: no class %s with a main method\n", argv[sep + 1]);
		goto out;
	}
	jclass string_class = (*env)->FindClass(env, "java/lang/String");
	int nargs = argc - sep - 2;
	jobjectArray args = string_class == NULL ? NULL
	    : (*env)->NewObjectArray(env, nargs, string_class, NULL);
	for (int i = 0; args != NULL && i < nargs; i++) {
		/* modified UTF-8: arguments are ASCII paths and option words in practice */
		jstring s = (*env)->NewStringUTF(env, argv[sep + 2 + i]);
		if (s == NULL) {
			args = NULL;
			break;
		}
		(*env)->SetObjectArrayElement(env, args, i, s);
	}
	if (args == NULL) {
		(*env)->ExceptionDescribe(env);
		goto out;
	}
	(*env)->CallStaticVoidMethod(env, main_class, main_method, args);
	status = 0;
	if ((*env)->ExceptionCheck(env)) {
		(*env)->ExceptionDescribe(env);
		status = 1;
	}
out:
	/* waits for the other non-daemon threads, as java(1) does */
	(*vm)->DestroyJavaVM(vm);
	return status;
}
