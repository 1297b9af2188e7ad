package org.pdsup.procdesc.freebsd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * The descriptor table of a spawned child as posix_spawn file actions (rfork {@code RFCFDG} semantics):
 * 0, 1, 2 as the spec redirects them, the spec's passed descriptors, the exec helper's own descriptors
 * (status pipe, socket) just above those, then {@code closefrom} one above the highest, so nothing else of
 * the JVM leaks in (platform-facts pitfall 6).
 *
 * <p>Every parent descriptor that is dup2'd into place is first duplicated close-on-exec to a number at or
 * above {@link #closeFrom()} ({@code F_DUPFD_CLOEXEC}), so no dup2 can overwrite a source another dup2 still
 * needs, and the duplicates vanish in the child at {@code closefrom}. This class only plans; the caller
 * makes the duplicates and passes their numbers in.
 */
public final class ChildFdPlan {
    /** Mode of files the spawn creates for output (0644). */
    public static final int FILE_MODE = 0644;

    private final SpawnSpec spec;
    private final SortedMap<Integer, Integer> extras;
    private final int closeFrom;

    private ChildFdPlan(SpawnSpec spec, SortedMap<Integer, Integer> extras, int closeFrom) {
        this.spec = spec;
        this.extras = extras;
        this.closeFrom = closeFrom;
    }

    /**
     * A plan for {@code spec} with {@code extraCount} more descriptors placed right above the spec's own
     * (for the exec helper); bind them with {@link #withExtra(int, int)}.
     */
    public static ChildFdPlan of(SpawnSpec spec, int extraCount) {
        if (extraCount < 0) throw new IllegalArgumentException("extraCount < 0");
        return new ChildFdPlan(spec, Collections.emptySortedMap(), spec.highestChildFd() + 1 + extraCount);
    }

    /** The child descriptor number of extra descriptor {@code index} (0-based). */
    public int extraChildFd(int index) {
        int fd = spec.highestChildFd() + 1 + index;
        if (fd >= closeFrom) throw new IllegalArgumentException("no extra descriptor " + index + " in this plan");
        return fd;
    }

    /** This plan with extra descriptor {@code index} taken from parent descriptor {@code parentFd}. */
    public ChildFdPlan withExtra(int index, int parentFd) {
        SortedMap<Integer, Integer> m = new TreeMap<>(extras);
        m.put(extraChildFd(index), parentFd);
        return new ChildFdPlan(spec, Collections.unmodifiableSortedMap(m), closeFrom);
    }

    /** The first descriptor number the child does not keep; also the floor for the temporary duplicates. */
    public int closeFrom() {
        return closeFrom;
    }

    /** The parent descriptors that must be duplicated above {@link #closeFrom()} before spawning, in order. */
    public Set<Integer> parentSources() {
        Set<Integer> out = new LinkedHashSet<>();
        redirectFd(spec.stdin()).ifPresent(out::add);
        redirectFd(spec.stdout()).ifPresent(out::add);
        redirectFd(spec.stderr()).ifPresent(out::add);
        out.addAll(spec.passFds().values());
        out.addAll(extras.values());
        return out;
    }

    /**
     * The file actions, given {@code duplicateOf}: parent descriptor -> its duplicate at or above
     * {@link #closeFrom()}.
     */
    public List<FileAction> actions(IntUnaryOperator duplicateOf) {
        List<FileAction> actions = new ArrayList<>();
        stdio(actions, 0, spec.stdin(), duplicateOf);
        stdio(actions, 1, spec.stdout(), duplicateOf);
        stdio(actions, 2, spec.stderr(), duplicateOf);
        for (Map.Entry<Integer, Integer> e : spec.passFds().entrySet()) {
            actions.add(new FileAction.Dup2(checkedDuplicate(duplicateOf, e.getValue()), e.getKey()));
        }
        for (Map.Entry<Integer, Integer> e : extras.entrySet()) {
            actions.add(new FileAction.Dup2(checkedDuplicate(duplicateOf, e.getValue()), e.getKey()));
        }
        if (spec.directory() != null) actions.add(new FileAction.Chdir(spec.directory().toString()));
        actions.add(new FileAction.CloseFrom(closeFrom));
        return actions;
    }

    private void stdio(List<FileAction> actions, int fd, Redirect r, IntUnaryOperator duplicateOf) {
        if (r instanceof Redirect.Inherit) return;
        if (r instanceof Redirect.Null) {
            actions.add(new FileAction.Open(fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0));
        } else if (r instanceof Redirect.File f) {
            int flags = fd == 0 ? O_RDONLY : O_WRONLY | O_CREAT | (f.append() ? O_APPEND : O_TRUNC);
            actions.add(new FileAction.Open(fd, f.path().toString(), flags, FILE_MODE));
        } else if (r instanceof Redirect.Fd d) {
            actions.add(new FileAction.Dup2(checkedDuplicate(duplicateOf, d.fd()), fd));
        } else {
            throw new IllegalArgumentException("unknown redirect " + r);
        }
    }

    private int checkedDuplicate(IntUnaryOperator duplicateOf, int parentFd) {
        int dup = duplicateOf.applyAsInt(parentFd);
        if (dup < closeFrom) {
            throw new IllegalStateException("duplicate of descriptor " + parentFd + " is " + dup
                    + ", below the child's closefrom(" + closeFrom + ")");
        }
        return dup;
    }

    private static java.util.OptionalInt redirectFd(Redirect r) {
        return r instanceof Redirect.Fd d ? java.util.OptionalInt.of(d.fd()) : java.util.OptionalInt.empty();
    }
}
