package org.pdsup.daemon.control;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * What the handlers of one connection share: who the peer is, and how busy the connection is (requests in
 * flight, open streams), which drives back-pressure and the idle timeout. Touched only on the channel's event
 * loop.
 */
final class ConnectionState {
    static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf(ConnectionState.class, "state");

    /** Requests of one connection being worked on at once; beyond that the connection is not read. */
    static final int MAX_IN_FLIGHT = 64;
    /** Streams (events, logs) one connection may have open at once. */
    static final int MAX_STREAMS = 8;

    final PeerIdentity peer;
    /** The role the connection was admitted with: what {@link ConnectionLimiter} counted it as. */
    final Role admittedAs;
    /** The role now: recomputed by {@link AuthorizationHandler} when a reload changed the roles. */
    volatile Role role;
    /** Who decided {@link #role}; another one means a reload changed the roles since. */
    Authorizer decidedBy;
    /** Bytes of stream frames queued for this connection ({@code control.connection-buffer}). */
    final ByteBudget budget;
    /** Bytes written to this connection that the socket has not taken yet (the same bound, separately). */
    final ByteBudget unsent;
    /** Set once a reload left the peer with no role: the connection is being closed. */
    boolean revoked;
    /** Set once the connection was closed for not reading its answers. */
    boolean cutOff;
    /** Set while the connection moves to the followers' event loop ({@link StreamLoop}): no request is read. */
    boolean moving;
    String client;
    private int inFlight;
    private final List<StreamRelay<?>> streams = new ArrayList<>();

    ConnectionState(PeerIdentity peer, Role role, Authorizer decidedBy, long connectionLimit, ByteBudget server) {
        this.peer = peer;
        this.admittedAs = role;
        this.role = role;
        this.decidedBy = decidedBy;
        this.budget = new ByteBudget(connectionLimit, server);
        this.unsent = new ByteBudget(connectionLimit, server);
    }

    static ConnectionState of(Channel ch) {
        return ch.attr(KEY).get();
    }

    int inFlight() {
        return inFlight;
    }

    void requestStarted() {
        inFlight++;
    }

    void requestDone() {
        inFlight--;
    }

    /** Whether more requests may be taken now. */
    boolean acceptsRequests() {
        return inFlight < MAX_IN_FLIGHT && !moving;
    }

    List<StreamRelay<?>> streams() {
        return streams;
    }

    /** A request in flight or a stream open: the idle timeout does not apply. */
    boolean busy() {
        return inFlight > 0 || !streams.isEmpty();
    }

    String describePeer() {
        return client == null ? peer.toString() : peer + " [" + client + "]";
    }
}
