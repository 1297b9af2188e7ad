package org.pdsup.daemon.metrics;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP request: {@code GET /metrics} with a scrape, {@code GET /} with a short page linking to
 * it, 404 for any other path and 405 for any other method. Keep-alive is honoured; the scrape runs on the
 * channel's event loop.
 */
@ChannelHandler.Sharable
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpHandler.class);

    static final String METRICS_PATH = "/metrics";
    static final String INDEX = "<!DOCTYPE html>\n<html><head><title>pdsupd</title></head><body>\n"
            + "<h1>pdsupd</h1>\n<p><a href=\"/metrics\">Metrics</a></p>\n</body></html>\n";

    private final ScrapeSource source;
    private volatile int lastScrapeSize = 16 * 1024;

    MetricsHttpHandler(ScrapeSource source) {
        this.source = source;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            send(ctx, text(HttpResponseStatus.BAD_REQUEST, "bad request\n"), false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean metrics = path.equals(METRICS_PATH);
        if (!metrics && !path.equals("/")) {
            send(ctx, text(HttpResponseStatus.NOT_FOUND, "not found: " + path + " (try " + METRICS_PATH + ")\n"),
                    keepAlive);
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method not allowed: " + request.method() + " (only GET)\n");
            r.headers().set(HttpHeaderNames.ALLOW, "GET");
            send(ctx, r, keepAlive);
            return;
        }
        if (!metrics) {
            FullHttpResponse r = response(HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(INDEX, StandardCharsets.UTF_8), "text/html; charset=utf-8");
            send(ctx, r, keepAlive);
            return;
        }
        ByteBuf body = ctx.alloc().buffer(lastScrapeSize + lastScrapeSize / 8);
        try {
            ExpositionFormat format;
            try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
                format = source.scrape(request.headers().get(HttpHeaderNames.ACCEPT), out);
            }
            lastScrapeSize = body.readableBytes();
            send(ctx, response(HttpResponseStatus.OK, body, format.contentType()), keepAlive);
        } catch (Exception | LinkageError e) {
            body.release();
            LOG.warn("metrics: scrape failed", e);
            send(ctx, text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "scrape failed: " + e + "\n"), keepAlive);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("metrics: connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
