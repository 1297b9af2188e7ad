package org.pdsup.daemon;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The JVM's own signal-handler registry ({@code sun.misc.Signal}, module jdk.unsupported), reached by
 * reflection: javac warns on every direct use of that class and the build treats warnings as errors. The
 * class has been stable since JDK 1.2 and is the supported way (JEP 260 keeps it) for a JVM to take a
 * POSIX signal; a handler runs on the JVM's signal-dispatch thread.
 */
final class JvmSignals {
    private JvmSignals() {}

    /**
     * Runs {@code action} on each delivery of SIG{@code name} ("TERM", "HUP", ...).
     *
     * @throws IllegalArgumentException when the JVM refuses the signal (unknown name, or one it reserves)
     */
    static void handle(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object sig = signal.getConstructor(String.class).newInstance(name);
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> dispatch(proxy, method, args, name, action));
            signal.getMethod("handle", signal, handlerType).invoke(null, sig, handler);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalStateException("cannot handle SIG" + name + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM has no sun.misc.Signal (module jdk.unsupported): " + e, e);
        }
    }

    private static Object dispatch(Object proxy, Method method, Object[] args, String name, Runnable action) {
        switch (method.getName()) {
            case "handle":
                action.run();
                return null;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "pdsupd handler for SIG" + name;
            default:
                throw new UnsupportedOperationException(method.toString());
        }
    }
}
