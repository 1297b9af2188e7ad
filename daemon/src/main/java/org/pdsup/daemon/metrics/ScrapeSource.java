package org.pdsup.daemon.metrics;

import java.io.IOException;
import java.io.OutputStream;

/** What the HTTP endpoint serves: one scrape, read at the moment it is asked for. */
public interface ScrapeSource {

    /**
     * Writes the current values to {@code out} in the format {@code acceptHeader} asks for (may be null) and
     * returns the content type written.
     */
    ExpositionFormat scrape(String acceptHeader, OutputStream out) throws IOException;
}
