package org.essaim.security;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The codes are RFC 6238's: its appendix B test vectors (the three hash functions, 8 digits), and the codes a real
 * authenticator implementation computes for the same key and time ({@code oathtool}, Debian's oath-toolkit, whose
 * codes the common phone apps agree with). Under CI=true a missing oathtool fails the test instead of skipping.
 */
class TotpTest {

    private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_KEY =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0}")
    @CsvSource({
        "59,          94287082, 46119246, 90693936",
        "1111111109,  07081804, 68084774, 25091201",
        "1111111111,  14050471, 67062674, 99943326",
        "1234567890,  89005924, 91819424, 93441116",
        "2000000000,  69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826"
    })
    void rfc6238TestVectors(long time, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(time));
        assertThat(Totp.code(SHA1_KEY, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_KEY, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_KEY, step, 8, "HmacSHA512")).isEqualTo(sha512);
        assertThat(Totp.code(SHA1_KEY, step)).as("six digits are the last six").isEqualTo(sha1.substring(2));
    }

    @Test
    void oneStepOfClockSkewEitherSideIsAcceptedAndTwoAreNot() {
        Instant now = Instant.ofEpochSecond(1_700_000_015L);
        long step = Totp.step(now);
        for (int offset = -1; offset <= 1; offset++) {
            assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step + offset), now))
                    .as("offset " + offset)
                    .hasValue(step + offset);
        }
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step - 2), now))
                .isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step + 2), now))
                .isEmpty();
        String code = Totp.code(SHA1_KEY, step);
        assertThat(Totp.matchingStep(SHA1_KEY, code.substring(0, 3) + " " + code.substring(3), now))
                .as("the space apps show between the groups")
                .hasValue(step);
        assertThat(Totp.matchingStep(SHA1_KEY, "12345", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "abcdef", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, null, now)).isEmpty();
    }

    @Test
    void base32RoundTripsAsRfc4648Says() {
        assertThat(Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.fromBase32("mzxw6ytboi"), StandardCharsets.US_ASCII))
                .isEqualTo("foobar");
        byte[] random = new byte[20];
        new SecureRandom().nextBytes(random);
        assertThat(Totp.fromBase32(Totp.base32(random))).isEqualTo(random);
    }

    @Test
    void codesAreTheOnesOathtoolComputes() throws Exception {
        Path oathtool = Path.of("/usr/bin/oathtool");
        if (!Files.isExecutable(oathtool)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("oathtool is not installed (Debian package oathtool); .ci/run installs it");
            }
            Assumptions.abort("oathtool is not installed: apt-get install -y oathtool");
        }
        byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        String key = Totp.base32(secret);
        DateTimeFormatter format =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
        for (long time : new long[] {59, 1_111_111_109L, 1_700_000_000L, 1_764_633_600L + 29, 4_102_444_800L}) {
            Instant at = Instant.ofEpochSecond(time);
            String theirs = run(
                    oathtool.toString(),
                    "--totp",
                    "--base32",
                    "--digits=6",
                    "--time-step-size=30s",
                    "--now=" + format.format(at),
                    key);
            assertThat(Totp.code(secret, Totp.step(at))).as("at " + at).isEqualTo(theirs);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
