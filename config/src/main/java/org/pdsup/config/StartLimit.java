package org.pdsup.config;

import java.time.Duration;

/**
 * {@code services.NAME.start-limit}: more than {@code burst} starts within {@code interval} means state fatal.
 *
 * @param coolDown after this long in fatal the service tries again with a fresh window; null: stays fatal until an
 *                 operator starts it
 */
public record StartLimit(int burst, Duration interval, Duration coolDown) {

    /** Without a cool-down. */
    public StartLimit(int burst, Duration interval) {
        this(burst, interval, null);
    }
}
