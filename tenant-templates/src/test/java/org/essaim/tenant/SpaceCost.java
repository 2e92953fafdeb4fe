package org.essaim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.SpaceSpec;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of one space as the tenant templates render it, and of 10,000, plus the platform's shared office servers
 * (the Helm chart's values). Run on demand from the repository's root:
 *
 * <pre>
 * ./mvnw -B -q -pl tenant-templates -am test-compile
 * ./mvnw -B -q -pl tenant-templates dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp
 * java -cp tenant-templates/target/test-classes:tenant-templates/target/classes:$(cat tenant-templates/target/cp) \
 *     org.essaim.tenant.SpaceCost [spaces]
 * </pre>
 *
 * "Running" is what the space's Deployments keep running (replicas × containers; init containers run before and do
 * not add up); "at most" is the ResourceQuota's ceiling, which also covers the configure Jobs and the backup pods
 * when they run at once. Volumes are the claims' requested sizes.
 */
public final class SpaceCost {

    /** One set of figures: CPU in cores, memory in bytes. */
    record Figures(
            String what,
            int pods,
            BigDecimal cpuRequests,
            BigDecimal cpuLimits,
            BigDecimal memoryRequests,
            BigDecimal memoryLimits,
            int volumes,
            BigDecimal storage) {

        Figures times(int n) {
            BigDecimal k = BigDecimal.valueOf(n);
            return new Figures(
                    what + " × " + n,
                    pods * n,
                    cpuRequests.multiply(k),
                    cpuLimits.multiply(k),
                    memoryRequests.multiply(k),
                    memoryLimits.multiply(k),
                    volumes * n,
                    storage.multiply(k));
        }

        Figures plus(Figures other, String name) {
            return new Figures(
                    name,
                    pods + other.pods,
                    cpuRequests.add(other.cpuRequests),
                    cpuLimits.add(other.cpuLimits),
                    memoryRequests.add(other.memoryRequests),
                    memoryLimits.add(other.memoryLimits),
                    volumes + other.volumes,
                    storage.add(other.storage));
        }

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s | %s | %d | %s |",
                    what,
                    pods,
                    cores(cpuRequests),
                    cores(cpuLimits),
                    bytes(memoryRequests),
                    bytes(memoryLimits),
                    volumes,
                    bytes(storage));
        }
    }

    private SpaceCost() {}

    /** What the space keeps running: its Deployments' pods; its claims. */
    static Figures running(RenderedSpace space) {
        List<PodSpec> pods = new ArrayList<>();
        BigDecimal storage = BigDecimal.ZERO;
        int volumes = 0;
        for (HasMetadata object : space.objects()) {
            if (object instanceof Deployment d) {
                for (int i = 0;
                        i < (d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
                        i++) {
                    pods.add(d.getSpec().getTemplate().getSpec());
                }
            }
            if (object instanceof PersistentVolumeClaim claim) {
                volumes++;
                storage = storage.add(claim.getSpec()
                        .getResources()
                        .getRequests()
                        .get("storage")
                        .getNumericalAmount());
            }
        }
        return sum("one space, running", pods, volumes, storage);
    }

    /** Every pod the space may run at once: Deployments, configure Jobs and backup pods. */
    static Figures atMost(RenderedSpace space, SpaceSpec spec, PlatformSettings platform) {
        List<PodSpec> pods = new ArrayList<>(Backups.pods(spec, platform));
        for (HasMetadata object : space.objects()) {
            if (object instanceof Deployment d) {
                pods.add(d.getSpec().getTemplate().getSpec());
            } else if (object instanceof Job j) {
                pods.add(j.getSpec().getTemplate().getSpec());
            }
        }
        Figures running = running(space);
        return sum("one space, at most (Jobs and backups too)", pods, running.volumes(), running.storage());
    }

    private static Figures sum(String what, List<PodSpec> pods, int volumes, BigDecimal storage) {
        BigDecimal cpuRequests = BigDecimal.ZERO;
        BigDecimal cpuLimits = BigDecimal.ZERO;
        BigDecimal memoryRequests = BigDecimal.ZERO;
        BigDecimal memoryLimits = BigDecimal.ZERO;
        for (PodSpec pod : pods) {
            for (Container c : pod.getContainers()) {
                cpuRequests =
                        cpuRequests.add(amount(c.getResources().getRequests().get("cpu")));
                cpuLimits = cpuLimits.add(amount(c.getResources().getLimits().get("cpu")));
                memoryRequests =
                        memoryRequests.add(amount(c.getResources().getRequests().get("memory")));
                memoryLimits =
                        memoryLimits.add(amount(c.getResources().getLimits().get("memory")));
            }
        }
        return new Figures(what, pods.size(), cpuRequests, cpuLimits, memoryRequests, memoryLimits, volumes, storage);
    }

    /** The chart's office servers (control-plane/deploy/helm/essaim/values.yaml), OnlyOffice counted if enabled. */
    static Figures officeServers(Path values, boolean withOnlyOffice) throws IOException {
        JsonNode office = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(values))
                .path("office");
        Figures total = new Figures(
                "shared office servers",
                0,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                0,
                BigDecimal.ZERO);
        for (String suite : withOnlyOffice ? List.of("collabora", "onlyoffice") : List.of("collabora")) {
            JsonNode server = office.path(suite);
            int replicas = server.path("replicas").asInt();
            JsonNode r = server.path("resources");
            Figures one = new Figures(
                    suite,
                    1,
                    quantity(r.path("requests").path("cpu")),
                    quantity(r.path("limits").path("cpu")),
                    quantity(r.path("requests").path("memory")),
                    quantity(r.path("limits").path("memory")),
                    0,
                    BigDecimal.ZERO);
            total = total.plus(one.times(replicas), total.what());
        }
        return total;
    }

    private static BigDecimal quantity(JsonNode node) {
        if (node.isMissingNode() || node.asText().isBlank()) {
            throw new IllegalStateException("an office server of the chart has no request or limit");
        }
        return new Quantity(node.asText()).getNumericalAmount();
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity.getNumericalAmount();
    }

    static String cores(BigDecimal cores) {
        return cores.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String bytes(BigDecimal bytes) {
        BigDecimal gib = bytes.divide(BigDecimal.valueOf(1L << 30), 2, RoundingMode.HALF_UP);
        if (gib.compareTo(BigDecimal.valueOf(1024 * 10)) >= 0) {
            return gib.divide(BigDecimal.valueOf(1024), 1, RoundingMode.HALF_UP).toPlainString() + " TiB";
        }
        if (gib.compareTo(BigDecimal.ONE) < 0) {
            return bytes.divide(BigDecimal.valueOf(1L << 20), 0, RoundingMode.HALF_UP)
                            .toPlainString() + " MiB";
        }
        return gib.stripTrailingZeros().toPlainString() + " GiB";
    }

    static List<String> report(int spaces, Path chartValues) throws IOException {
        PlatformSettings platform = PlatformSettings.defaults("essaim.example", "dc=essaim,dc=example");
        SpaceSpec spec = SpaceSpec.of("asso", "Une association").withServices(SpaceSpec.Services.ALL);
        RenderedSpace space = TenantTemplates.render(spec, platform);
        Figures running = running(space);
        Figures atMost = atMost(space, spec, platform);
        Figures office = officeServers(chartValues, false);
        Figures officeBoth = officeServers(chartValues, true);
        List<String> lines = new ArrayList<>();
        lines.add("Space: workspace, events and forum on, default quotas ("
                + spec.quotas().storageGiB() + " GiB of data), catalogue default versions.");
        lines.add("");
        lines.add("| | pods | CPU requests | CPU limits | memory requests | memory limits | volumes | storage |");
        lines.add("|---|---|---|---|---|---|---|---|");
        lines.add(running.row());
        lines.add(atMost.row());
        lines.add(running.times(spaces).row());
        lines.add(office.row().replace("shared office servers", "shared office servers (CODE)"));
        lines.add(officeBoth.row().replace("shared office servers", "shared office servers (CODE + OnlyOffice)"));
        lines.add(running.times(spaces)
                .plus(office, spaces + " spaces running + CODE")
                .row());
        return lines;
    }

    public static void main(String[] args) throws IOException {
        int spaces = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path values = Path.of("control-plane", "deploy", "helm", "essaim", "values.yaml");
        if (!Files.exists(values)) {
            values = Path.of("..").resolve(values);
        }
        report(spaces, values).forEach(System.out::println);
    }
}
