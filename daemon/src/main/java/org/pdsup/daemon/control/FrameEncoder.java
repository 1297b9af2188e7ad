package org.pdsup.daemon.control;

import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.pdsup.protocol.json.JsonWriter;

/** Writes each response frame (a JSON tree) as one line of compact UTF-8 JSON. */
@ChannelHandler.Sharable
final class FrameEncoder extends MessageToByteEncoder<Map<?, ?>> {
    private static final JsonWriter WRITER = new JsonWriter();

    FrameEncoder() {
        super(false);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Map<?, ?> frame, ByteBuf out) {
        encodeTo(frame, out);
    }

    static void encodeTo(Map<?, ?> frame, ByteBuf out) {
        WRITER.write(frame, new ByteBufOutputStream(out));
        out.writeByte('\n');
    }
}
