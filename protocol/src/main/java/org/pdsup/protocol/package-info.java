/**
 * pdsup's control protocol, version 1: newline-delimited JSON requests and responses over a Unix socket, as
 * specified in docs/protocol.md. Shared by the daemon's control server and by pdctl; depends on jackson-core
 * only, so clients start fast.
 */
package org.pdsup.protocol;
