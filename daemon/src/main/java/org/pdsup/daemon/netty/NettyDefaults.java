package org.pdsup.daemon.netty;

/**
 * Netty system properties pdsupd sets for itself before Netty's classes initialise; one given on the command
 * line ({@code PDSUPD_JAVA_OPTS="-Dio.netty.jfr.enabled=true"}) is left as it is.
 *
 * <p>{@code io.netty.jfr.enabled=false}: Netty 4.2 turns its Flight Recorder events on whenever the JVM has a
 * flight recorder ({@code PlatformDependent}), whether or not anything records. The first buffer chunk its
 * allocator makes (the first control request) then loads {@code io.netty.buffer.AllocateChunkEvent}, and with it
 * the JDK's event machinery: its metadata repository, settings, an event handler generated with ASM and about
 * twenty annotation proxies, some 95 classes that the class-data archive carried for every pdsupd
 * (docs/benchmarks.md, "W3: classes and live set").
 */
public final class NettyDefaults {
    /** Netty's switch for its Flight Recorder events ({@code io.netty.util.internal.PlatformDependent}). */
    public static final String JFR = "io.netty.jfr.enabled";

    private NettyDefaults() {}

    /** Sets each property nobody has set; call before anything touches Netty. */
    public static void apply() {
        if (System.getProperty(JFR) == null) System.setProperty(JFR, "false");
    }
}
