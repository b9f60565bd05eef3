package io.jocker.api.server.listener;

import io.jocker.api.server.http.HttpChannelInitializer;
import io.jocker.api.server.http.ServerIdentity;
import io.jocker.api.server.route.Router;
import io.jocker.api.types.host.HostAddress;
import io.jocker.common.error.EngineException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Engine API's listeners: unix sockets and TCP on loopback, all served by one small epoll
 * event-loop group (one thread per core) that hands blocking handlers to virtual threads. Its epoll
 * handler parks idle sockets instead of dropping them ({@link ParkingEpollIoHandler}), or output
 * after a client's half-close would be cut short.
 *
 * <p>Lifecycle: {@link #start} binds every address or none (a failure unbinds what was bound);
 * {@link #close} stops accepting, closes connections and removes the socket files it created.
 * Not thread-safe: start and close are called by the daemon's main thread.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ApiServer.class.getName());
    /** Socket mode: the owner (root) and the jocker group may connect; nobody else. */
    private static final String SOCKET_MODE = "rw-rw----";
    private static final String SOCKET_GROUP = "jocker";

    private final Router router;
    private final ServerIdentity identity;
    private final Limits limits;
    private final List<Channel> channels = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private EventLoopGroup group;
    private ExecutorService handlers;

    /**
     * Request size limits.
     *
     * @param maxInitialLine the longest request line (URLs carry JSON filters and build args)
     * @param maxHeaderBytes all header lines together; Go's default is 1 MiB, and dockerd takes it
     * @param maxCollectedBody the largest body collected in memory (JSON); streamed bodies have none
     */
    public record Limits(int maxInitialLine, int maxHeaderBytes, int maxCollectedBody) {
        public static final Limits DEFAULT = new Limits(1 << 20, 1 << 20, 64 << 20);
    }

    public ApiServer(Router router, ServerIdentity identity, Limits limits) {
        this.router = router;
        this.identity = identity;
        this.limits = limits;
    }

    public void start(List<HostAddress> addresses) {
        group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().name("api-io-", 0).daemon(true).factory(), ParkingEpollIoHandler.newFactory());
        handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-handler-", 0).factory());
        try {
            for (HostAddress address : addresses) {
                channels.add(bind(address));
                LOG.log(Level.INFO, "API listening on " + address);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Channel bind(HostAddress address) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 4 << 20))
                .childHandler(new HttpChannelInitializer(router, identity, handlers, limits.maxInitialLine(),
                        limits.maxHeaderBytes(), limits.maxCollectedBody()));
        return switch (address) {
            case HostAddress.Unix unix -> bindUnix(bootstrap, unix.path());
            case HostAddress.Tcp tcp -> {
                if (!isLoopback(tcp.host())) {
                    throw EngineException.invalidArgument("refusing to listen on " + tcp
                            + ": plain TCP is only allowed on a loopback address until TLS is configured");
                }
                bootstrap.channel(EpollServerSocketChannel.class).option(ChannelOption.SO_REUSEADDR, true);
                yield awaitBind(bootstrap.bind(new InetSocketAddress(tcp.host(), tcp.port())), tcp);
            }
        };
    }

    private Channel bindUnix(ServerBootstrap bootstrap, Path path) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            if (Files.exists(path)) {
                if (isAnswering(path)) {
                    throw EngineException.conflict("another daemon is listening on unix://" + path
                            + "; stop it or choose another socket with -H");
                }
                Files.delete(path); // stale: left by a daemon that was killed
            }
        } catch (IOException e) {
            throw new UncheckedIOException("preparing socket " + path, e);
        }
        bootstrap.channel(EpollServerDomainSocketChannel.class);
        Channel channel = awaitBind(bootstrap.bind(new DomainSocketAddress(path.toString())),
                new HostAddress.Unix(path));
        socketFiles.add(path);
        restrict(path);
        return channel;
    }

    /** Whether every address the host name resolves to is a loopback address. */
    private static boolean isLoopback(String host) {
        try {
            java.net.InetAddress[] all = java.net.InetAddress.getAllByName(host);
            for (java.net.InetAddress address : all) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean isAnswering(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Mode 0660, group "jocker" where that group exists, as dockerd does with group "docker". */
    private static void restrict(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(SOCKET_MODE));
            try {
                GroupPrincipal group = socket.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(SOCKET_GROUP);
                Files.setAttribute(socket, "posix:group", group);
            } catch (UserPrincipalNotFoundException e) {
                // No jocker group on this host: only root may use the socket, which is the safe default.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("setting permissions of " + socket, e);
        }
    }

    private static Channel awaitBind(io.netty.channel.ChannelFuture future, HostAddress address) {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw EngineException.unavailable("cannot listen on " + address + ": " + future.cause().getMessage());
        }
        return future.channel();
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly();
        }
        channels.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
        if (handlers != null) {
            handlers.shutdownNow();
            handlers = null;
        }
        for (Path socket : socketFiles) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove socket " + socket + ": " + e.getMessage());
            }
        }
        socketFiles.clear();
    }
}
