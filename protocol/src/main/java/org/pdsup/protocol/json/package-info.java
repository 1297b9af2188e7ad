/**
 * A tiny JSON tree (maps, lists, strings, longs, doubles, booleans, null) over jackson-core's streaming
 * parser and generator, with limits on depth, number length and string length. No data binding and no
 * reflection, so the client starts fast.
 */
package org.pdsup.protocol.json;
