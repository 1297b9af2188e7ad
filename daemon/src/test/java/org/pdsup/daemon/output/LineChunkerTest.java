package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LineChunkerTest {
    private final ServiceQueue queue = new ServiceQueue(1 << 20, new MemoryBudget(1 << 20), new AtomicLong(), q -> { });

    private void feed(LineChunker c, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        c.accept(b, b.length, 1000);
    }

    private List<String> chunks() {
        List<String> out = new ArrayList<>();
        for (QueueEntry e : queue.takeBatch()) {
            Chunk c = (Chunk) e;
            out.add(new String(c.data(), 0, c.length(), StandardCharsets.UTF_8) + "|" + c.tail());
        }
        return out;
    }

    @Test
    void handsOverWholeLinesAndKeepsTheIncompleteOne() {
        LineChunker c = new LineChunker(StreamKind.STDOUT, queue, 100);
        feed(c, "one\ntw");
        feed(c, "o\nthr");
        assertThat(chunks()).containsExactly("one\n|NEWLINE", "two\n|NEWLINE");
        assertThat(c.partialLength()).isEqualTo(3);
        feed(c, "ee");
        assertThat(chunks()).isEmpty();
        feed(c, "\n");
        assertThat(chunks()).containsExactly("three\n|NEWLINE");
        assertThat(c.partialLength()).isZero();
    }

    @Test
    void cutsAnIncompleteLineIntoMaxLinePiecesOnlyWhenItGoesOn() {
        LineChunker c = new LineChunker(StreamKind.STDOUT, queue, 4);
        feed(c, "abcd");
        assertThat(chunks()).as("exactly max-line bytes may still end here").isEmpty();
        feed(c, "efghij");
        assertThat(chunks()).containsExactly("abcd|CONTINUED", "efgh|CONTINUED");
        assertThat(c.partialLength()).isEqualTo(2);
        feed(c, "\n");
        assertThat(chunks()).containsExactly("ij\n|NEWLINE");
    }

    @Test
    void flushHandsOverTheIncompleteLineUnterminated() {
        LineChunker c = new LineChunker(StreamKind.STDERR, queue, 100);
        feed(c, "a\nno newline");
        c.flush(2000);
        List<QueueEntry> batch = queue.takeBatch();
        assertThat(batch).hasSize(2);
        Chunk last = (Chunk) batch.get(1);
        assertThat(new String(last.data(), 0, last.length(), StandardCharsets.UTF_8)).isEqualTo("no newline");
        assertThat(last.tail()).isEqualTo(LineTail.UNTERMINATED);
        assertThat(last.stream()).isEqualTo(StreamKind.STDERR);
        assertThat(last.timeMillis()).isEqualTo(2000);
        c.flush(3000);
        assertThat(queue.takeBatch()).isEmpty();
    }

    @Test
    void manyLinesInOneReadBecomeOneChunk() {
        LineChunker c = new LineChunker(StreamKind.STDOUT, queue, 8);
        feed(c, "a very long line that the writer splits\nshort\n");
        assertThat(chunks()).containsExactly("a very long line that the writer splits\nshort\n|NEWLINE");
    }
}
