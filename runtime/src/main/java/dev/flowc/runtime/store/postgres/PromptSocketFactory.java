package dev.flowc.runtime.store.postgres;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.SocketFactory;

/**
 * The sockets of the store's listening connection (not part of flowc's API: public only because
 * pgjdbc makes it by its class name, the {@code socketFactory} connection property).
 *
 * <p>After pgjdbc reads a notification, it looks whether more messages are pending by setting the
 * socket's timeout to 1 ms and reading: on a quiet connection, which a listening one is, every
 * notification was handed over about 1.1 ms late, and held under the connection's lock meanwhile
 * (pgjdbc 42.7.14, {@code PGStream.hasMessagePending}). These sockets answer a read under a 1 ms
 * timeout at once when no byte has arrived, as the look means it; every other read is a plain
 * socket's.
 */
public final class PromptSocketFactory extends SocketFactory {
  /** The timeout pgjdbc sets only to look whether a message is pending. */
  static final int PEEK_MILLIS = 1;

  /** Made by pgjdbc. */
  public PromptSocketFactory() {}

  @Override
  public Socket createSocket() {
    return new PromptSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return connected(new InetSocketAddress(address, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  /** A new socket connected to {@code server}, from {@code local} unless null. */
  private static Socket connected(InetSocketAddress server, InetSocketAddress local)
      throws IOException {
    Socket socket = new PromptSocket();
    if (local != null) {
      socket.bind(local);
    }
    socket.connect(server);
    return socket;
  }

  /** A socket whose reads under a {@link #PEEK_MILLIS} timeout do not wait. */
  static final class PromptSocket extends Socket {
    private volatile int timeout;
    private InputStream input;

    @Override
    public void setSoTimeout(int millis) throws SocketException {
      super.setSoTimeout(millis);
      timeout = millis;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        InputStream raw = super.getInputStream();
        input =
            new FilterInputStream(raw) {
              @Override
              public int read() throws IOException {
                peek();
                return super.read();
              }

              @Override
              public int read(byte[] bytes, int offset, int length) throws IOException {
                peek();
                return super.read(bytes, offset, length);
              }

              private void peek() throws IOException {
                if (timeout == PEEK_MILLIS && raw.available() == 0) {
                  throw new SocketTimeoutException("nothing pending");
                }
              }
            };
      }
      return input;
    }
  }
}
