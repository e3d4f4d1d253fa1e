package io.queuemgr.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Damage as a failing disk leaves it, for tests of what reads files back. */
public final class DamagedFiles {

    private DamagedFiles() {
    }

    /** Flips a bit in the middle of the file. */
    public static void flipABitInTheMiddle(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, ch.size() / 2);
            one.put(0, (byte) (one.get(0) ^ 0x20));
            ch.write(one.rewind(), ch.size() / 2);
        }
    }
}
