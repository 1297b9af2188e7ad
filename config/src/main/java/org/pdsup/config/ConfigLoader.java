package org.pdsup.config;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import org.pdsup.procdesc.Accounts;

/**
 * Loads pdsupd's configuration: reads the main file and the include directory, merges the built-in defaults,
 * resolves substitutions, checks every key and rule, and returns the immutable {@link PdsupConfig}, or throws a
 * {@link ConfigException} listing every error with its file and line. Thread-safe; each call reads the files
 * anew (reload calls {@link #load} again).
 */
public final class ConfigLoader {
    /** The classpath resource holding the bundled example configuration. */
    public static final String EXAMPLE_RESOURCE = "example.conf";

    /** Service names: safe as a file name and a metric label. */
    static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static final Config REFERENCE = loadReference();

    private final Accounts accounts;
    private final Map<String, String> environment;
    private final String osName;

    /** A loader resolving {@code ${?ENV}} against, and basing services' environments on, this process's environment. */
    public ConfigLoader(Accounts accounts) {
        this(accounts, System.getenv());
    }

    /**
     * @param environment the supervisor's environment: the source of {@code ${NAME}} substitutions the files do
     *                    not define, and the base of every service's environment
     */
    public ConfigLoader(Accounts accounts, Map<String, String> environment) {
        this(accounts, environment, System.getProperty("os.name"));
    }

    ConfigLoader(Accounts accounts, Map<String, String> environment, String osName) {
        this.accounts = accounts;
        this.environment = Map.copyOf(environment);
        this.osName = osName;
    }

    /** {@code /usr/local/etc/pdsupd/pdsupd.conf} on FreeBSD, {@code /etc/pdsupd/pdsupd.conf} elsewhere. */
    public static Path defaultConfigFile() {
        return PlatformDefaults.configFile(System.getProperty("os.name"));
    }

    /** Reads {@code mainFile} and the {@code *.conf} files of its {@code pdsupd.include-dir}. */
    public PdsupConfig load(Path mainFile) throws ConfigException {
        Path main = mainFile.toAbsolutePath().normalize();
        Problems problems = new Problems(new SourceNames(main.getParent()));
        ConfigSources.Read read = ConfigSources.read(main, fallback(), resolveOptions(), problems);
        return build(read, main.getParent(), problems);
    }

    /** Reads the bundled example (classpath resource {@value #EXAMPLE_RESOURCE}, context class loader first). */
    public PdsupConfig loadExample() throws ConfigException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        URL url = cl == null ? null : cl.getResource(EXAMPLE_RESOURCE);
        if (url == null) url = ConfigLoader.class.getClassLoader().getResource(EXAMPLE_RESOURCE);
        if (url == null) {
            throw new ConfigException(List.of(new ConfigError(EXAMPLE_RESOURCE, -1, "",
                    "the bundled example is not on the class path")));
        }
        Problems problems = new Problems(new SourceNames(null));
        ConfigSources.Read read = ConfigSources.readResource(url, EXAMPLE_RESOURCE, problems);
        return build(read, Path.of("").toAbsolutePath(), problems);
    }

    /** The effective configuration as HOCON (for {@code --print-config}); loading it again gives the same model. */
    public static String render(PdsupConfig config) {
        return ConfigRenderer.render(config, System.getenv());
    }

    /** As {@link #render(PdsupConfig)}, with services' environments shown relative to {@code environment}. */
    public static String render(PdsupConfig config, Map<String, String> environment) {
        return ConfigRenderer.render(config, environment);
    }

    /**
     * One service's effective settings as {@code --print-config} shows them (keys as in the file), for
     * {@code pdctl show}.
     */
    public static Map<String, Object> renderService(ServiceConfig service, Map<String, String> environment) {
        return ConfigRenderer.service(service, environment);
    }

    /** Any Typesafe config as HOCON text, without comments. */
    public static String render(Config config) {
        return ConfigRenderer.render(config);
    }

    /** The built-in defaults: the pdsupd, services and vars blocks of every reference.conf on the class path. */
    static Config reference() {
        return REFERENCE;
    }

    private static Config loadReference() {
        Config all = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf").resolve();
        Config ours = ConfigFactory.empty();
        for (String key : List.of("pdsupd", "services", "vars")) {
            ours = ours.withValue(key, all.root().get(key));
        }
        return ours;
    }

    private Config fallback() {
        return PlatformDefaults.layer(osName).withFallback(REFERENCE);
    }

    private ConfigResolveOptions resolveOptions() {
        return ConfigResolveOptions.defaults().setUseSystemEnvironment(false)
                .appendResolver(new EnvironmentResolver(environment));
    }

    private PdsupConfig build(ConfigSources.Read read, Path baseDir, Problems problems) throws ConfigException {
        Config resolved = null;
        try {
            resolved = read.merged().withFallback(fallback()).resolve(resolveOptions());
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e);
        }
        problems.throwIfAny();
        new KeyChecker(REFERENCE.root(), problems).check(resolved.root());

        ConfigOrigin mainOrigin = read.mainOrigin();
        Scope root = new Scope(resolved.root(), List.of(new Scope.Layer(resolved.root(), List.of())), mainOrigin,
                problems);
        ConfigObject pdsupd = root.requiredObject("pdsupd");
        ConfigObject servicesBlock = root.object("services");
        root.object("vars");

        DaemonSettings daemon = null;
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        Map<String, String> serviceDefaults = Map.of();
        if (pdsupd != null) {
            ConfigOrigin pdsupdOrigin = userOrigin(Scope.at(read.merged().root(), "pdsupd"), mainOrigin);
            Scope daemonScope = new Scope(pdsupd, List.of(layer(pdsupd, "pdsupd")), pdsupdOrigin, problems);
            ConfigObject output = objectOrNull(pdsupd.get("output"));
            Scope outputScope = new Scope(output, List.of(layer(output, "pdsupd", "output")), pdsupdOrigin, problems);
            daemon = new DaemonReader(accounts).read(daemonScope, outputScope, read.includeDir());

            ConfigObject defaults = daemonScope.requiredObject("service-defaults");
            if (defaults != null) {
                serviceDefaults = DaemonBlockDiff.flatten(defaults);
                services = services(servicesBlock, defaults, output, baseDir, pdsupdOrigin, mainOrigin, problems);
            }
        }
        problems.throwIfAny();
        return new PdsupConfig(daemon, services, read.files(), serviceDefaults);
    }

    private Map<String, ServiceConfig> services(ConfigObject servicesBlock, ConfigObject defaults,
                                                ConfigObject pdsupdOutput, Path baseDir, ConfigOrigin pdsupdOrigin,
                                                ConfigOrigin mainOrigin, Problems problems) {
        ServiceReader reader = new ServiceReader(accounts, environment, baseDir, PlatformDefaults.isFreeBsd(osName));
        Scope.Layer defaultsLayer = layer(defaults, "pdsupd", "service-defaults");
        Scope defaultsScope = new Scope(defaults, List.of(defaultsLayer), pdsupdOrigin, problems);
        ConfigObject defaultsOutput = defaultsScope.object("output");
        Scope.Layer defaultsOutputLayer = layer(defaultsOutput, "pdsupd", "service-defaults", "output");
        Scope.Layer pdsupdOutputLayer = layer(pdsupdOutput, "pdsupd", "output");
        ConfigObject defaultsOutputMerged = merge(defaultsOutput, pdsupdOutput);
        reader.checkDefaults(defaultsScope, new Scope(defaultsOutputMerged,
                List.of(defaultsOutputLayer, pdsupdOutputLayer), pdsupdOrigin, problems));

        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        if (servicesBlock == null) return services;
        // where each value was written, for pdctl show: the layers below a service are the same for all
        ValueOrigins.Collector written = new ValueOrigins.Collector(problems.names());
        Map<String, ValueOrigins.Written> inherited = written.collect(defaults, "service-defaults", "");
        written.collect(pdsupdOutput, "pdsupd.output", "output.", inherited);
        inherited = Map.copyOf(inherited);
        LinkedHashMap<String, List<String>> graph = new LinkedHashMap<>();
        Map<String, List<String>> after = new HashMap<>();
        Map<String, Scope> scopes = new LinkedHashMap<>();
        for (String name : inFileOrder(servicesBlock, problems.names())) {
            ConfigValue v = servicesBlock.get(name);
            String path = ConfigUtil.joinPath("services", name);
            ConfigOrigin origin = userOrigin(v, mainOrigin);
            if (!SERVICE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                problems.add(origin, path, "invalid service name \"" + name + "\" (1 to 64 letters, digits, '_',"
                        + " '.' or '-', starting with a letter or digit: it names files and metric labels)");
            }
            if (v.valueType() != ConfigValueType.OBJECT) {
                problems.add(origin, path, "expected an object { command = [...] }, got " + Scope.describe(v));
                continue;
            }
            ConfigObject own = (ConfigObject) v;
            Scope.Layer ownLayer = layer(own, "services", name);
            Scope s = new Scope(own.withFallback(defaults), List.of(ownLayer, defaultsLayer), origin, problems);
            ConfigObject ownOutput = objectOrNull(own.get("output"));
            ConfigObject outputMerged = merge(objectOrNull(s.object("output")), pdsupdOutput);
            Scope out = new Scope(outputMerged, List.of(layer(ownOutput, "services", name, "output"),
                    defaultsOutputLayer, pdsupdOutputLayer), origin, problems);
            ServiceConfig sc = reader.read(name, s, out,
                    new ValueOrigins(written.own(own), inherited));
            if (sc != null) services.put(name, sc);
            List<String> requires = s.stringList("requires");
            List<String> afterNames = s.stringList("after");
            graph.put(name, requires);
            after.put(name, afterNames);
            // Dependencies reports only at a service that names others; every other scope (the service's merged
            // block, a few KB) becomes garbage here instead of being kept to the end of the loop: 10,000 of them
            // filled the old generation while the configuration loaded
            if ((requires != null && !requires.isEmpty()) || (afterNames != null && !afterNames.isEmpty())) {
                scopes.put(name, s);
            }
        }
        Dependencies.check(graph, after, scopes);
        SocketsReader.checkAcrossServices(services, problems);
        return services;
    }

    /** Service names in file order: by the rank of their file, then by line (each key computed once). */
    private static List<String> inFileOrder(ConfigObject services, SourceNames names) {
        Map<String, int[]> rankAndLine = new HashMap<>();
        for (String n : services.keySet()) {
            ConfigOrigin o = services.get(n).origin();
            rankAndLine.put(n, new int[] {names.rank(names.display(o)), o.lineNumber()});
        }
        List<String> order = new ArrayList<>(services.keySet());
        order.sort(Comparator.comparingInt((String n) -> rankAndLine.get(n)[0])
                .thenComparingInt(n -> rankAndLine.get(n)[1])
                .thenComparing(Comparator.naturalOrder()));
        return order;
    }

    private static Scope.Layer layer(ConfigObject own, String... prefix) {
        return new Scope.Layer(own, List.of(prefix));
    }

    private static ConfigObject objectOrNull(ConfigValue v) {
        return v instanceof ConfigObject o ? o : null;
    }

    private static ConfigObject merge(ConfigObject over, ConfigObject under) {
        if (over == null) return under;
        return under == null ? over : over.withFallback(under);
    }

    private static ConfigOrigin userOrigin(ConfigValue v, ConfigOrigin otherwise) {
        return v != null && SourceNames.isUser(v.origin()) ? v.origin() : otherwise;
    }
}
