package io.ringlb.replica;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends this process when its parent goes away: the parent holds the write end of our stdin pipe,
 * and the kernel closes it when the parent dies, however it dies (SIGKILL included). Reading
 * end-of-file is the signal.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    /** Starts a daemon thread that calls {@code onParentGone} once stdin reaches end-of-file. */
    public static void onStdinClosed(Runnable onParentGone) {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // The parent never writes; anything read is ignored.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same as end-of-file.
            }
            onParentGone.run();
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
