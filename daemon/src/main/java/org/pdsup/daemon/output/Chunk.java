package org.pdsup.daemon.output;

/**
 * Output read from one stream of a service: {@code data[0..length)} holds whole lines, except that the last
 * one may end as {@link #tail()} says. Created by {@link ServiceQueue#offer} when it accepts the bytes.
 *
 * @param stream        the stream the bytes came from
 * @param data          the bytes (owned by the chunk)
 * @param length        how many bytes of {@code data} are output
 * @param tail          how the last line ends
 * @param timeMillis    when the bytes were read (the timestamp prefix of every line in the chunk)
 * @param droppedBefore bytes of this stream dropped just before this chunk (a notice line precedes it)
 */
record Chunk(StreamKind stream, byte[] data, int length, LineTail tail, long timeMillis, long droppedBefore)
        implements QueueEntry {

    /** Book-keeping cost of one chunk beyond its bytes (object headers, queue node), counted against the bounds. */
    static final int OVERHEAD = 64;

    /** An empty chunk only carries a drop count ({@link ServiceQueue#flushDropNotice}) and is not charged. */
    @Override
    public long chargedBytes() {
        return data.length == 0 ? 0 : (long) data.length + OVERHEAD;
    }
}
