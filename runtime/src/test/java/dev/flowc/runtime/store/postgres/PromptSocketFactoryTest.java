package dev.flowc.runtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PromptSocketFactoryTest {
  @Test
  void a_look_for_pending_bytes_under_a_one_millisecond_timeout_does_not_wait_and_misses_none()
      throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client =
            new PromptSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      InputStream in = client.getInputStream();
      client.setSoTimeout(PromptSocketFactory.PEEK_MILLIS);

      // A plain socket waits the millisecond each time: 1,000 looks would take a second at least.
      long start = System.nanoTime();
      for (int i = 0; i < 1_000; i++) {
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
      }
      assertThat(System.nanoTime() - start)
          .as("1,000 looks at a quiet socket")
          .isLessThan(TimeUnit.MILLISECONDS.toNanos(500));

      OutputStream out = peer.getOutputStream();
      out.write(new byte[] {'A', 'B'});
      out.flush();
      client.setSoTimeout(10_000); // a read that means to wait still waits for its bytes
      assertThat(in.read()).isEqualTo('A');
      client.setSoTimeout(PromptSocketFactory.PEEK_MILLIS);
      assertThat(in.read()).as("a byte that has arrived is read").isEqualTo('B');
    }
  }
}
