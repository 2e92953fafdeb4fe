// On-demand measurement for sign-in-timing.sh (not part of the test suite). Runs with the JDK alone:
//   java SignInTiming.java <url> <known-user> <unknown-user> <samples> <warm-up>
// Sends HTTP Basic sign-ins with a wrong password, one at a time on one keep-alive connection, in random order:
// <warm-up> then <samples> for each user (each must answer 401). Prints one "key value" per line: each path's median,
// mean and p90 in milliseconds, the ratios known/unknown, Welch's t-test and the Mann-Whitney U test.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;

public class SignInTiming {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String known = args[1];
        String unknown = args[2];
        int samples = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Boolean> order = new ArrayList<>();
        for (int i = 0; i < warmUp + samples; i++) {
            order.add(true);
            order.add(false);
        }
        Collections.shuffle(order.subList(0, 2 * warmUp), new Random(1));
        Collections.shuffle(order.subList(2 * warmUp, order.size()), new Random(2));
        double[] knownMs = new double[samples];
        double[] unknownMs = new double[samples];
        int k = 0;
        int u = 0;
        for (int i = 0; i < order.size(); i++) {
            boolean isKnown = order.get(i);
            String authorization = "Basic " + Base64.getEncoder().encodeToString(
                    ((isKnown ? known : unknown) + ":wrong password " + i).getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", authorization).GET().build();
            long start = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            double ms = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 401) {
                throw new IllegalStateException("expected 401, got " + response.statusCode() + " for "
                        + (isKnown ? known : unknown));
            }
            if (i >= 2 * warmUp) {
                if (isKnown) {
                    knownMs[k++] = ms;
                } else {
                    unknownMs[u++] = ms;
                }
            }
        }
        print("known_wrong_password", knownMs);
        print("unknown_user", unknownMs);
        System.out.printf("ratio_median_known_to_unknown %.4f%n", quantile(knownMs, 0.5) / quantile(unknownMs, 0.5));
        System.out.printf("ratio_mean_known_to_unknown %.4f%n", mean(knownMs) / mean(unknownMs));
        double t = (mean(knownMs) - mean(unknownMs))
                / Math.sqrt(variance(knownMs) / samples + variance(unknownMs) / samples);
        System.out.printf("welch_t %.3f%nwelch_p_two_sided %.3g%n", t, 2 * (1 - phi(Math.abs(t))));
        double z = mannWhitneyZ(knownMs, unknownMs);
        System.out.printf("mann_whitney_z %.3f%nmann_whitney_p_two_sided %.3g%n", z, 2 * (1 - phi(Math.abs(z))));
    }

    private static void print(String name, double[] values) {
        System.out.printf("%s_median_ms %.3f%n%s_mean_ms %.3f%n%s_p90_ms %.3f%n", name, quantile(values, 0.5), name,
                mean(values), name, quantile(values, 0.9));
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double variance(double[] values) {
        double mean = mean(values);
        return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
    }

    /** The normal approximation of the U statistic, with the correction for ties. */
    private static double mannWhitneyZ(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        int n = n1 + n2;
        double[][] all = new double[n][];
        for (int i = 0; i < n1; i++) {
            all[i] = new double[] {a[i], 0};
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = new double[] {b[i], 1};
        }
        Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
        double rankSumA = 0;
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[j + 1][0] == all[i][0]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            int count = j - i + 1;
            ties += (double) count * count * count - count;
            for (int m = i; m <= j; m++) {
                if (all[m][1] == 0) {
                    rankSumA += rank;
                }
            }
            i = j + 1;
        }
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double sd = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - ties / (n * (double) (n - 1))));
        return (u - n1 * (double) n2 / 2.0) / sd;
    }

    /** The standard normal distribution function (Abramowitz and Stegun 7.1.26 for erf). */
    private static double phi(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-x * x / 2);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
