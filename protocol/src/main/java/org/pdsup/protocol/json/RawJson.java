package org.pdsup.protocol.json;

import com.fasterxml.jackson.core.io.SerializedString;

/**
 * A JSON value encoded already, which {@link JsonWriter} copies as it is: a server that answers the same value
 * many times (a service's status to many pollers) encodes it once. The text must be one valid, compact JSON
 * value on one line; nothing checks it. Its UTF-8 bytes are computed once, at the first write.
 */
public final class RawJson {
    private final SerializedString json;

    /** @param json one compact JSON value, as {@link JsonWriter#toJson} writes it */
    public RawJson(String json) {
        this.json = new SerializedString(json);
    }

    SerializedString serialized() {
        return json;
    }

    @Override
    public String toString() {
        return json.getValue();
    }
}
