package io.jocker.api.server.listener;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll {@link IoHandler} with one change: a socket whose channel is interested in nothing
 * stays in the epoll set, parked, instead of being removed from it.
 *
 * <p>Why: in Netty 4.2.18 to 4.2.20 (the change of netty/netty#16689) a registration asked for no
 * events at all does {@code epoll_ctl(DEL)} but keeps believing the socket is added, so the next
 * interest (say {@code EPOLLOUT} because a write found the socket buffer full) is an
 * {@code epoll_ctl(MOD)} that fails with ENOENT, and Netty then shuts the channel's output down with
 * the rest of the data unwritten. A hijacked attach reaches "no events" whenever the client has
 * half-closed (the docker CLI does at the end of stdin: {@code EPOLLIN} and {@code EPOLLRDHUP} are
 * dropped) and the output queue is momentarily empty; a container's next burst of output larger
 * than the socket buffer was then cut off.
 *
 * <p>Parking asks for {@code EPOLLET} alone: the socket stays registered, so a later {@code MOD}
 * works, and being edge-triggered it reports the hang-up of a gone client once, not on every
 * wait (the busy loop the removal in #16689 was meant to end). Any real interest is passed on as
 * Netty asked for it, level-triggered. A registration that never asked for anything (a socket
 * not yet connected) is left to Netty, which adds it only once it has something to wait for.
 *
 * <p>Thread-safe, as the registrations it wraps.
 */
final class ParkingEpollIoHandler implements IoHandler {
    private final IoHandler epoll;

    private ParkingEpollIoHandler(IoHandler epoll) {
        this.epoll = epoll;
    }

    /** A factory of Netty's epoll handlers, each wrapped. */
    static IoHandlerFactory newFactory() {
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new ParkingEpollIoHandler(epoll.newHandler(executor));
            }

            @Override
            public boolean isChangingThreadSupported() {
                return epoll.isChangingThreadSupported();
            }
        };
    }

    @Override
    public void initialize() {
        epoll.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return epoll.run(context);
    }

    @Override
    public void prepareToDestroy() {
        epoll.prepareToDestroy();
    }

    @Override
    public void destroy() {
        epoll.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return new ParkingRegistration(epoll.register(handle));
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return epoll.isCompatible(handleType);
    }

    /** Submits "nothing" as "parked" once the socket has been in the epoll set. */
    private static final class ParkingRegistration implements IoRegistration {
        private static final EpollIoOps PARKED = EpollIoOps.EPOLLET;

        private final IoRegistration registration;
        private boolean added;

        ParkingRegistration(IoRegistration registration) {
            this.registration = registration;
        }

        @Override
        public synchronized long submit(IoOps ops) {
            boolean none = ((EpollIoOps) ops).value() == EpollIoOps.NONE.value();
            if (none && added) {
                return registration.submit(PARKED);
            }
            long submitted = registration.submit(ops);
            added |= !none && submitted >= 0;
            return submitted;
        }

        @Override
        public <T> T attachment() {
            return registration.attachment();
        }

        @Override
        public boolean isValid() {
            return registration.isValid();
        }

        @Override
        public boolean cancel() {
            return registration.cancel();
        }
    }
}
