package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for the lock tests: {@code try} takes the lock and exits with {@link #LOCKED}
 * or prints the refusal and exits with {@link #REFUSED}; {@code hold} takes the lock, prints
 * "locked" and holds it until its standard input ends.
 */
public final class LockProbe {
    static final int LOCKED = 0;
    static final int REFUSED = 3;

    private LockProbe() {}

    public static void main(String[] args) throws IOException {
        Backend backend = Backend.filesystem(Path.of(args[0]));
        try (StateLock lock = backend.lock()) {
            if (args[1].equals("hold")) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
            }
        } catch (PersistenceException e) {
            System.out.println(e.getMessage());
            System.exit(REFUSED);
        }
        System.exit(LOCKED);
    }
}
