package org.essaim.security;

import org.essaim.platform.DataDirectory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets with AES-256-GCM before they reach the database, so that a copy of the database (a backup, a leaked
 * dump) does not hand them over: the two-step secrets (everyone's second step) and the single sign-on signing keys'
 * private parts ({@code signon.SigningKeys}, which could otherwise sign any token). The key is the platform's
 * {@link TwoStepSettings#key()} (32 bytes, base64; the chart keeps it in a Secret shared by every replica); with none
 * configured, the local default makes one in the data directory ({@code two-step.key}, readable by its owner only).
 * What the secret belongs to (an account name, a key id) is bound to each sealed secret (GCM's associated data): a
 * secret copied onto another row fails.
 */
@Component
public class SecretSeal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;

    SecretSeal(TwoStepSettings settings, DataDirectory dataDirectory) {
        byte[] bytes =
                settings.key().isEmpty() ? localKey(dataDirectory.resolve("two-step.key")) : settings.sealingKey();
        if (bytes.length != 32) {
            throw new IllegalStateException(dataDirectory.resolve("two-step.key") + " must hold 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /** {@code plain} sealed for {@code owner} (its row's key: an account name, a key id). */
    public byte[] seal(byte[] plain, String owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, plain, owner);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                .put(nonce)
                .put(sealed)
                .array();
    }

    /** What {@link #seal} sealed for the same {@code owner}; fails on anything else. */
    public byte[] open(byte[] sealed, String owner) {
        byte[] nonce = Arrays.copyOfRange(sealed, 0, NONCE_BYTES);
        return run(Cipher.DECRYPT_MODE, nonce, Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length), owner);
    }

    private byte[] run(int mode, byte[] nonce, byte[] input, String account) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(account.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "A sealed secret could not be "
                            + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened (was essaim.two-step.key changed?)"),
                    e);
        }
    }

    private static byte[] localKey(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path temporary = Files.createTempFile(file.getParent(), "two-step", ".key");
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Not a POSIX file system: the data directory's own permissions protect it.
                }
                Files.write(temporary, Base64.getEncoder().encode(fresh));
                try {
                    Files.move(temporary, file); // fails if another start wrote it first
                } catch (IOException raced) {
                    Files.deleteIfExists(temporary); // another start wrote it first: use theirs
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}
