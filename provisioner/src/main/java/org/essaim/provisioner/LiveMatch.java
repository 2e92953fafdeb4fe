package org.essaim.provisioner;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Does the live object already say everything the desired one says? The live object holds more (defaults filled by
 * the API server, fields other managers own, status): only the desired fields are compared. This is what lets a
 * converged space cost no write: an object is applied only when this answers false.
 *
 * <ul>
 *   <li>objects: every desired field is in the live object with a matching value; extra live fields are fine;</li>
 *   <li>arrays: same length, element by element (an item removed by someone is drift);</li>
 *   <li>an empty desired object or array matches a missing live one (the API server drops empty values);</li>
 *   <li>strings that are both quantities match when their amounts are equal ({@code 1024Mi} and {@code 1Gi}, as
 *   the API server rewrites quantities in canonical form);</li>
 *   <li>in metadata only labels and annotations are compared (name and namespace are how the object was found).</li>
 * </ul>
 */
final class LiveMatch {

    private static final Set<String> METADATA_COMPARED = Set.of("labels", "annotations");

    private LiveMatch() {}

    static boolean covers(JsonNode live, JsonNode desired) {
        Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("status")) {
                continue;
            }
            if (name.equals("metadata")) {
                for (String compared : METADATA_COMPARED) {
                    JsonNode wanted = field.getValue().get(compared);
                    if (wanted != null && !matches(live.path("metadata").get(compared), wanted)) {
                        return false;
                    }
                }
                continue;
            }
            if (!matches(live.get(name), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(JsonNode live, JsonNode desired) {
        if (desired == null || desired.isNull()) {
            return true;
        }
        if ((desired.isObject() || desired.isArray()) && desired.isEmpty()) {
            return live == null || live.isNull() || live.isEmpty();
        }
        if (live == null || live.isNull()) {
            return false;
        }
        if (desired.isObject()) {
            if (!live.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!matches(live.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!matches(live.get(i), desired.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isNumber() && live.isNumber()) {
            return desired.decimalValue().compareTo(live.decimalValue()) == 0;
        }
        if (desired.equals(live)) {
            return true;
        }
        return desired.isTextual() && live.isTextual() && sameQuantity(desired.asText(), live.asText());
    }

    private static boolean sameQuantity(String a, String b) {
        if (!startsLikeANumber(a) || !startsLikeANumber(b)) {
            return false;
        }
        try {
            BigDecimal left = Quantity.getAmountInBytes(new Quantity(a));
            BigDecimal right = Quantity.getAmountInBytes(new Quantity(b));
            return left.compareTo(right) == 0;
        } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
            return false;
        }
    }

    private static boolean startsLikeANumber(String value) {
        return !value.isEmpty()
                && (Character.isDigit(value.charAt(0))
                        || value.charAt(0) == '.'
                        || value.charAt(0) == '-'
                        || value.charAt(0) == '+');
    }
}
