package org.pdsup.daemon.supervisor;

import java.util.List;

/** A reload that cannot be applied as a whole: each error names the key and why. Nothing was changed. */
public final class ReloadRefusedException extends Exception {
    private final List<String> errors;

    public ReloadRefusedException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
