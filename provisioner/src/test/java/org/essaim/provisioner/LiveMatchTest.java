package org.essaim.provisioner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When is the live object already what the templates say, so that no write is needed? */
class LiveMatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean covers(String live, String desired) {
        return LiveMatch.covers(json(live), json(desired));
    }

    @Test
    void fieldsTheServerAddsDoNotMatter() {
        assertThat(covers(
                        "{'metadata':{'name':'a','uid':'1','resourceVersion':'9','labels':{'x':'1','y':'2'}},"
                                + "'spec':{'replicas':1,'revisionHistoryLimit':10},'status':{'ready':0}}",
                        "{'metadata':{'name':'a','labels':{'x':'1'}},'spec':{'replicas':1},'status':{'ready':5}}"))
                .isTrue();
    }

    @Test
    void aChangedOrMissingFieldIsDrift() {
        assertThat(covers("{'spec':{'replicas':2}}", "{'spec':{'replicas':1}}")).isFalse();
        assertThat(covers("{'spec':{}}", "{'spec':{'replicas':1}}")).isFalse();
        assertThat(covers("{'metadata':{'labels':{'x':'2'}}}", "{'metadata':{'labels':{'x':'1'}}}"))
                .isFalse();
    }

    @Test
    void listsMatchElementByElementAndARemovedItemIsDrift() {
        assertThat(covers("{'l':[{'name':'a','extra':1},{'name':'b'}]}", "{'l':[{'name':'a'},{'name':'b'}]}"))
                .isTrue();
        assertThat(covers("{'l':[{'name':'a'}]}", "{'l':[{'name':'a'},{'name':'b'}]}"))
                .isFalse();
        assertThat(covers("{'l':[{'name':'b'},{'name':'a'}]}", "{'l':[{'name':'a'},{'name':'b'}]}"))
                .isFalse();
    }

    @Test
    void emptyValuesMatchWhatTheServerLeavesOut() {
        assertThat(covers("{'spec':{}}", "{'spec':{'podSelector':{},'ingress':[]}}"))
                .isTrue();
        assertThat(covers("{'spec':{'podSelector':{'matchLabels':{'a':'b'}}}}", "{'spec':{'podSelector':{}}}"))
                .isFalse();
    }

    @Test
    void quantitiesInAnotherCanonicalFormAreTheSame() {
        assertThat(covers(
                        "{'r':{'memory':'1Gi','cpu':'1','storage':'40Gi'}}",
                        "{'r':{'memory':'1024Mi','cpu':'1000m','storage':'40Gi'}}"))
                .isTrue();
        assertThat(covers("{'r':{'memory':'1Gi'}}", "{'r':{'memory':'512Mi'}}")).isFalse();
        assertThat(covers("{'image':'nextcloud:31'}", "{'image':'nextcloud:32'}"))
                .isFalse();
        assertThat(covers("{'v':'08'}", "{'v':'8'}"))
                .as("strings that are not quantities compare as text")
                .isTrue(); // both parse as the quantity 8: acceptable, no template field holds such values
    }
}
