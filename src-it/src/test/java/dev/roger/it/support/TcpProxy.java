package dev.roger.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between Roger and the real broker, so a test can cut the network for Roger alone
 * (the shared broker keeps running for everything else) and restore it.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    /** How soon a pump forwards the bytes it held back once released. */
    private static final int RELEASE_CHECK_MILLIS = 100;

    private volatile boolean held;

    public TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Accepts connections on the same port again. */
    public synchronized TcpProxy start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            server = socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread accept = new Thread(this::accept, "tcp-proxy-" + port);
        accept.setDaemon(true);
        accept.start();
        return this;
    }

    private void accept() {
        ServerSocket socket = server;
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket("127.0.0.1", targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Forwards what one side sends. While held, it keeps reading and holds the bytes back, so a side
     * that gives up (a driver's timeout closing its socket) still closes the other: a held database
     * keeps no connection its client has left (they would fill PostgreSQL's slots).
     */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    java.io.ByteArrayOutputStream heldBack = new java.io.ByteArrayOutputStream();
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        from.setSoTimeout(RELEASE_CHECK_MILLIS);
                        while (true) {
                            int read;
                            try {
                                read = in.read(buffer);
                            } catch (java.net.SocketTimeoutException e) {
                                read = 0; // nothing new: forward what was held back, if released
                            }
                            if (read < 0) {
                                break;
                            }
                            heldBack.write(buffer, 0, read);
                            if (heldBack.size() > 0 && !held) {
                                heldBack.writeTo(out);
                                out.flush();
                                heldBack.reset();
                            }
                        }
                    } catch (IOException e) {
                        // the other side closed, or the network was cut
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Holds every byte in both directions, keeping the connections open: a peer that stalls (a broker
     * under an alarm, a wedged proxy). Nothing errors; calls over it just wait until {@link #release}.
     */
    public void hold() {
        held = true;
    }

    /** Lets the held bytes through again. */
    public void release() {
        held = false;
    }

    /** Cuts every connection and refuses new ones: the broker is unreachable. */
    public synchronized void stop() {
        release();
        closeQuietly(server);
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /**
     * Resets every connection (TCP RST, not a clean close) and keeps accepting: a network failure the
     * client notices as an error and recovers from at once.
     */
    public synchronized void reset() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(socket);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // closing anyway
        }
    }
}
