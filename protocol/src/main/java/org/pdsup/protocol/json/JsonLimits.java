package org.pdsup.protocol.json;

/**
 * Bounds applied to every document parsed by {@link JsonReader}, so hostile input costs little.
 *
 * @param maxDepth        deepest nesting of objects and arrays (the root object is depth 1)
 * @param maxNumberChars  longest number literal, in characters
 * @param maxStringChars  longest string or field name, in characters
 */
public record JsonLimits(int maxDepth, int maxNumberChars, int maxStringChars) {

    /** What the control protocol uses on both ends: depth 32, 32-digit numbers, strings up to 16 Mi chars. */
    public static final JsonLimits PROTOCOL = new JsonLimits(32, 32, 16 * 1024 * 1024);

    public JsonLimits {
        if (maxDepth < 1 || maxNumberChars < 1 || maxStringChars < 1) {
            throw new IllegalArgumentException("JSON limits must be positive");
        }
    }
}
