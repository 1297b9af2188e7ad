package org.pdsup.daemon.control;

/**
 * A look at the control server's open streams, for tests and diagnostics.
 *
 * @param openStreams     streams (events, logs) open now
 * @param queuedFrames    frames waiting in their queues now
 * @param maxQueuedFrames the most frames one stream's queue ever held (never more than streamBufferEvents)
 * @param droppedFrames   frames dropped for slow readers since start
 */
public record StreamStatistics(int openStreams, long queuedFrames, int maxQueuedFrames, long droppedFrames) {
}
