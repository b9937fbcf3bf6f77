package dev.flowc.runtime.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy to a server whose connections can be frozen: they stay open and carry nothing, as a
 * connection that went half-open (a peer that vanished, a network that drops packets) does.
 * Connections made after a freeze work.
 */
final class FreezingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private static final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean frozen;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }
  }

  FreezingProxy(String targetHost, int targetPort) throws IOException {
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.acceptor = new Thread(this::accept, "freezing-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Freezes every connection open now. */
  void freeze() {
    links.forEach(link -> link.frozen = true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        Link link = new Link(client, upstream);
        links.add(link);
        pump(link, client.getInputStream(), upstream.getOutputStream());
        pump(link, upstream.getInputStream(), client.getOutputStream());
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Link link, InputStream in, OutputStream out) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (link.frozen) {
                    return; // drop it and everything after: the link carries nothing now
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException closed) {
                // One side closed: the other pump ends on its own.
              }
            },
            "freezing-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Link link : links) {
      link.client.close();
      link.upstream.close();
    }
  }
}
