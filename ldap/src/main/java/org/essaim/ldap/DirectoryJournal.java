package org.essaim.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFDeleteChangeRecord;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The embedded directory's write-ahead journal: after each successful write, and before the client gets its answer,
 * the state the entry is left in (the whole entry, or "gone with everything under it") is appended and forced to
 * disk. Starting again replays the journal over the last saved LDIF, so a hard stop ({@code kill -9}, a power cut)
 * loses no acknowledged write.
 *
 * <p>Records carry states, not changes: each is read from the server after its write was applied and appended under
 * one lock, so the last record of an entry holds every write acknowledged for it, whatever order concurrent writes
 * took. Replaying an older journal over a newer LDIF (a stop between the two steps of {@link #reset}) therefore still
 * ends with every acknowledged write. Each record is framed by its length and CRC-32: a record torn by a crash (never
 * acknowledged) ends the replay and is cut off.
 */
final class DirectoryJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryJournal.class);
    private static final String HEADER = "#essaim-journal ";

    private final Path file;
    private final FileChannel channel;
    private int records;

    private DirectoryJournal(Path file, FileChannel channel, int records) {
        this.file = file;
        this.channel = channel;
        this.records = records;
    }

    /** Opens (or creates) the journal for appending; {@link #replay} must have read it first. */
    static DirectoryJournal open(Path file) throws IOException {
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        forceDirectory(file.getParent());
        return new DirectoryJournal(file, channel, 0);
    }

    /** The entry {@code entry} now is, as its writer was told. */
    synchronized void entryIs(Entry entry) throws IOException {
        append(new LDIFAddChangeRecord(entry));
    }

    /** The entry {@code dn} and everything under it are gone. */
    synchronized void subtreeGone(DN dn) throws IOException {
        append(new LDIFDeleteChangeRecord(dn.toString()));
    }

    private void append(LDIFChangeRecord record) throws IOException {
        byte[] body = record.toLDIFString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] header = (HEADER + body.length + " " + Long.toHexString(crc.getValue()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(header.length + body.length)
                .put(header)
                .put(body)
                .flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        records++;
    }

    /** How many records since the last {@link #reset}. */
    synchronized int records() {
        return records;
    }

    /** Empties the journal once the LDIF holds everything it recorded (the caller holds this journal's lock). */
    void reset() throws IOException {
        channel.truncate(0);
        channel.force(true);
        records = 0;
    }

    /**
     * Applies the journal at {@code file} (if any) to {@code entries} (DN to entry, parents before children) and
     * cuts off a torn last record.
     *
     * @return how many records were applied
     */
    static int replay(Path file, Map<DN, Entry> entries) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        int position = 0;
        int applied = 0;
        while (position < bytes.length) {
            int newline = indexOf(bytes, (byte) '\n', position);
            Record record = newline < 0 ? null : record(bytes, position, newline);
            if (record == null) {
                log.warn(
                        "Directory journal {}: a record torn at byte {} (written while the application was cut, "
                                + "never confirmed) is dropped",
                        file,
                        position);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(position);
                    channel.force(true);
                }
                break;
            }
            apply(record.change(), entries);
            applied++;
            position = record.end();
        }
        return applied;
    }

    private record Record(LDIFChangeRecord change, int end) {}

    private static Record record(byte[] bytes, int start, int newline) {
        String header = new String(bytes, start, newline - start, StandardCharsets.US_ASCII);
        if (!header.startsWith(HEADER)) {
            return null;
        }
        String[] parts = header.substring(HEADER.length()).split(" ");
        try {
            int length = Integer.parseInt(parts[0]);
            long expected = Long.parseLong(parts[1], 16);
            int bodyStart = newline + 1;
            if (length < 0 || bodyStart + length > bytes.length) {
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, bodyStart, length);
            if (crc.getValue() != expected) {
                return null;
            }
            String body = new String(bytes, bodyStart, length, StandardCharsets.UTF_8);
            LDIFChangeRecord change = LDIFReader.decodeChangeRecord(true, body.split("\r?\n"));
            return new Record(change, bodyStart + length);
        } catch (RuntimeException | LDIFException e) {
            return null;
        }
    }

    private static void apply(LDIFChangeRecord change, Map<DN, Entry> entries) {
        try {
            DN dn = change.getParsedDN();
            if (change instanceof LDIFAddChangeRecord add) {
                entries.put(dn, add.getEntryToAdd());
            } else {
                Iterator<DN> names = entries.keySet().iterator();
                while (names.hasNext()) {
                    if (names.next().isDescendantOf(dn, true)) {
                        names.remove();
                    }
                }
            }
        } catch (LDAPException e) {
            throw new IllegalStateException("unreadable DN in a checked journal record: " + e.getMessage(), e);
        }
    }

    /** The entries of an LDIF file, in file order (parents before children), keyed by DN. */
    static Map<DN, Entry> read(Path ldif) throws IOException {
        Map<DN, Entry> entries = new LinkedHashMap<>();
        if (!Files.exists(ldif)) {
            return entries;
        }
        try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                entries.put(entry.getParsedDN(), entry);
            }
        } catch (LDIFException | LDAPException e) {
            throw new IOException("unreadable " + ldif + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** The entries as LDIF for the server's import (which, unlike an add, takes operational attributes). */
    static LDIFReader asLdif(Map<DN, Entry> entries) {
        StringBuilder ldif = new StringBuilder();
        for (Entry entry : entries.values()) {
            ldif.append(entry.toLDIFString()).append('\n');
        }
        return new LDIFReader(new ByteArrayInputStream(ldif.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory; the rename is still atomic there.
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    Path file() {
        return file;
    }
}
