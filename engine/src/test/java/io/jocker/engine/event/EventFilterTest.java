package io.jocker.engine.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.common.event.Event;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventFilterTest {
    private static final String CONTAINER_ID = "4f1c2d3e5a6b7c8d9e0f4f1c2d3e5a6b7c8d9e0f4f1c2d3e5a6b7c8d9e0f1234";
    private static final String IMAGE_ID = "sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d";

    /** A container event as dockerd emits it: labels, "image" and "name" among the attributes. */
    private static Event containerEvent(String action) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("image", "busybox:1.36");
        attributes.put("name", "web");
        attributes.put("com.example.team", "blue");
        attributes.put("tier", "");
        return Event.local("container", action, CONTAINER_ID, attributes, 1L);
    }

    private static Event imageEvent(String actorId, String name) {
        return Event.local("image", "tag", actorId, name == null ? Map.of() : Map.of("name", name), 1L);
    }

    private static Event networkEvent(String id, String name, String container) {
        return Event.local("network", "connect", id, Map.of("name", name, "type", "bridge", "container", container), 1L);
    }

    private static EventFilter filter(String... keyValues) {
        Map<String, Set<String>> criteria = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            criteria.computeIfAbsent(keyValues[i], k -> new HashSet<>()).add(keyValues[i + 1]);
        }
        return EventFilter.of(criteria);
    }

    @Test
    void all_anyEvent_matches() {
        assertThat(EventFilter.ALL.matches(containerEvent("start"))).isTrue();
        assertThat(EventFilter.ALL.matches(imageEvent(IMAGE_ID, null))).isTrue();
    }

    @Test
    void of_emptyCriteria_matchesEverything() {
        assertThat(EventFilter.of(Map.of()).matches(containerEvent("die"))).isTrue();
    }

    @Test
    void of_keyWithNoValues_matchesEverything() {
        EventFilter filter = EventFilter.of(Map.of("container", Set.of(), "type", Set.of(), "label", Set.of()));

        assertThat(filter.matches(containerEvent("die"))).isTrue();
    }

    @Test
    void of_laterChangesToTheCallersMap_doNotAffectTheFilter() {
        Map<String, Set<String>> criteria = new HashMap<>();
        Set<String> types = new HashSet<>(Set.of("image"));
        criteria.put("type", types);
        EventFilter filter = EventFilter.of(criteria);

        types.add("container");
        criteria.put("event", Set.of("nothing"));

        assertThat(filter.matches(imageEvent(IMAGE_ID, null))).isTrue();
        assertThat(filter.matches(containerEvent("start"))).isFalse();
    }

    @Test
    void matches_unknownKey_isIgnored() {
        EventFilter filter = filter("until", "whatever", "colour", "red");

        assertThat(filter.matches(containerEvent("start"))).isTrue();
    }

    @Nested
    class Combination {
        @Test
        void matches_valuesOfOneKey_areAlternatives() {
            EventFilter filter = filter("event", "start", "event", "stop");

            assertThat(filter.matches(containerEvent("start"))).isTrue();
            assertThat(filter.matches(containerEvent("stop"))).isTrue();
            assertThat(filter.matches(containerEvent("die"))).isFalse();
        }

        @Test
        void matches_differentKeys_mustAllMatch() {
            EventFilter filter = filter("type", "container", "event", "start", "container", "web");

            assertThat(filter.matches(containerEvent("start"))).isTrue();
            assertThat(filter.matches(containerEvent("die"))).isFalse();
            assertThat(filter(("type"), "container", "event", "start", "container", "db")
                    .matches(containerEvent("start"))).isFalse();
            assertThat(filter("type", "image", "event", "start").matches(containerEvent("start"))).isFalse();
        }
    }

    @Nested
    class ObjectFilters {
        @ParameterizedTest
        @ValueSource(strings = {"web", "we", "w", CONTAINER_ID, "4f1c2d3e5a6b", "4"})
        void matches_containerFilterExactOrPrefixOfIdOrName_matches(String value) {
            assertThat(filter("container", value).matches(containerEvent("start"))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"eb", "web2", "webx", "1234", "4f1c2d3e5a6bX", "WEB"})
        void matches_containerFilterNeitherIdNorNamePrefix_doesNotMatch(String value) {
            assertThat(filter("container", value).matches(containerEvent("start"))).isFalse();
        }

        @Test
        void matches_containerFilterOnANetworkEvent_comparesTheNetworksIdAndName() {
            // dockerd applies the object filters whatever the event's type: container=br matches a network named br...
            Event event = networkEvent("a1b2c3", "bridge", CONTAINER_ID);

            assertThat(filter("container", "bri").matches(event)).isTrue();
            assertThat(filter("container", "a1b").matches(event)).isTrue();
            // ...and not via its "container" attribute.
            assertThat(filter("container", CONTAINER_ID).matches(event)).isFalse();
        }

        @Test
        void matches_containerFilterEventWithoutNameAttribute_usesIdOnly() {
            Event event = Event.local("container", "start", "abc123", Map.of(), 1L);

            assertThat(filter("container", "abc").matches(event)).isTrue();
            assertThat(filter("container", "xyz").matches(event)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"daemon", "container", "plugin", "volume", "network", "node", "service", "secret",
            "config"})
        void matches_everyObjectFilter_usesIdOrNamePrefix(String key) {
            Event event = Event.local("volume", "create", "vol-1234", Map.of("name", "data", "driver", "local"), 1L);

            assertThat(filter(key, "vol-12").matches(event)).isTrue();
            assertThat(filter(key, "dat").matches(event)).isTrue();
            assertThat(filter(key, "other").matches(event)).isFalse();
        }

        @Test
        void matches_containerAlternatives_anyOneMatching_matches() {
            EventFilter filter = filter("container", "db", "container", "we");

            assertThat(filter.matches(containerEvent("start"))).isTrue();
        }

        @Test
        void matches_containerAndNetworkFilters_bothMustMatchTheSameActor() {
            EventFilter filter = filter("container", "web", "network", "bridge");

            assertThat(filter.matches(containerEvent("start"))).isFalse();
            assertThat(filter.matches(networkEvent("n1", "bridge", CONTAINER_ID))).isFalse();
        }
    }

    @Nested
    class ImageFilter {
        @ParameterizedTest
        @ValueSource(strings = {"busybox:1.36", "busybox"})
        void matches_containerEventByImageAttributeWithOrWithoutTag_matches(String value) {
            assertThat(filter("image", value).matches(containerEvent("create"))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"busy", "busybox:1", "busybox:latest", "library/busybox:1.36x", "web"})
        void matches_imageFilterOnlyAPrefixOrOtherTag_doesNotMatch(String value) {
            assertThat(filter("image", value).matches(containerEvent("create"))).isFalse();
        }

        @Test
        void matches_imageEventByActorIdOrNameAttribute_matches() {
            Event event = imageEvent(IMAGE_ID, "registry.example.com:5000/team/app:v2");

            assertThat(filter("image", IMAGE_ID).matches(event)).isTrue();
            assertThat(filter("image", "registry.example.com:5000/team/app:v2").matches(event)).isTrue();
            assertThat(filter("image", "registry.example.com:5000/team/app").matches(event)).isTrue();
            assertThat(filter("image", "registry.example.com").matches(event)).isFalse();
            assertThat(filter("image", "sha256:9c7a").matches(event)).isFalse();
        }

        @Test
        void matches_imageEventWhoseActorIsAReference_matchesWithoutTag() {
            // "docker pull" and "docker tag" events carry the reference as the actor.
            Event event = imageEvent("nginx:1.25", "nginx");

            assertThat(filter("image", "nginx:1.25").matches(event)).isTrue();
            assertThat(filter("image", "nginx").matches(event)).isTrue();
            assertThat(filter("image", "nginx:1.24").matches(event)).isFalse();
        }

        @Test
        void matches_imageEventIgnoresTheImageAttribute() {
            Event event = Event.local("image", "tag", IMAGE_ID, Map.of("image", "alpine"), 1L);

            assertThat(filter("image", "alpine").matches(event)).isFalse();
        }

        @Test
        void matches_containerEventIgnoresTheNameAttributeForImages() {
            assertThat(filter("image", "web").matches(containerEvent("create"))).isFalse();
        }

        @Test
        void matches_registryWithPortAndNoTag_keepsThePort() {
            Event event = Event.local("container", "create", "c1", Map.of("image", "localhost:5000/app"), 1L);

            assertThat(filter("image", "localhost:5000/app").matches(event)).isTrue();
            assertThat(filter("image", "localhost").matches(event)).isFalse();
        }

        @Test
        void matches_digestReference_matchesInFull() {
            String reference = "alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b";
            Event event = Event.local("container", "create", "c1", Map.of("image", reference), 1L);

            assertThat(filter("image", reference).matches(event)).isTrue();
        }

        @Test
        void matches_eventWithNoImageAtAll_doesNotMatchAnImageFilter() {
            Event event = Event.local("network", "create", "n1", Map.of("name", "net"), 1L);

            assertThat(filter("image", "busybox").matches(event)).isFalse();
        }
    }

    @Nested
    class LabelFilter {
        @Test
        void matches_labelKeyPresent_matches() {
            assertThat(filter("label", "com.example.team").matches(containerEvent("start"))).isTrue();
        }

        @Test
        void matches_labelKeyValueEqual_matches() {
            assertThat(filter("label", "com.example.team=blue").matches(containerEvent("start"))).isTrue();
        }

        @Test
        void matches_labelKeyValueDifferent_doesNotMatch() {
            assertThat(filter("label", "com.example.team=red").matches(containerEvent("start"))).isFalse();
        }

        @Test
        void matches_labelKeyMissing_doesNotMatch() {
            assertThat(filter("label", "owner").matches(containerEvent("start"))).isFalse();
        }

        @Test
        void matches_labelWithEmptyValue_matchesOnlyAnEmptyValue() {
            assertThat(filter("label", "tier=").matches(containerEvent("start"))).isTrue();
            assertThat(filter("label", "com.example.team=").matches(containerEvent("start"))).isFalse();
            assertThat(filter("label", "owner=").matches(containerEvent("start"))).isFalse();
        }

        @Test
        void matches_valueContainingEquals_splitsAtTheFirstEquals() {
            Event event = Event.local("container", "start", "c1", Map.of("cmd", "a=b"), 1L);

            assertThat(filter("label", "cmd=a=b").matches(event)).isTrue();
            assertThat(filter("label", "cmd=a").matches(event)).isFalse();
        }

        @Test
        void matches_severalLabels_allAreRequired() {
            assertThat(filter("label", "com.example.team=blue", "label", "tier").matches(containerEvent("start")))
                    .isTrue();
            assertThat(filter("label", "com.example.team=blue", "label", "owner").matches(containerEvent("start")))
                    .isFalse();
        }

        @Test
        void matches_labelFilterOnEventWithoutAttributes_doesNotMatch() {
            Event event = Event.local("daemon", "reload", "d1", Map.of(), 1L);

            assertThat(filter("label", "a").matches(event)).isFalse();
        }
    }

    @Nested
    class EventKey {
        @Test
        void matches_eventFilter_isExact() {
            assertThat(filter("event", "start").matches(containerEvent("start"))).isTrue();
            assertThat(filter("event", "sta").matches(containerEvent("start"))).isFalse();
            assertThat(filter("event", "start").matches(containerEvent("restart"))).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"exec_start", "exec_create", "health_status"})
        void matches_fuzzyActionFilter_matchesActionsWithASuffix(String action) {
            EventFilter filter = filter("event", action);

            assertThat(filter.matches(containerEvent(action + ": sh -c true"))).isTrue();
            assertThat(filter.matches(containerEvent(action))).isTrue();
            assertThat(filter.matches(containerEvent("start"))).isFalse();
        }

        @Test
        void matches_healthStatus_selectsEveryStatus() {
            EventFilter filter = filter("event", "health_status");

            assertThat(filter.matches(containerEvent("health_status: healthy"))).isTrue();
            assertThat(filter.matches(containerEvent("health_status: unhealthy"))).isTrue();
        }

        @Test
        void matches_fuzzyActionAmongOthers_makesTheOthersPrefixesToo() {
            // dockerd switches the whole "event" key to prefix matching when one of these is present.
            EventFilter filter = filter("event", "exec_start", "event", "sta");

            assertThat(filter.matches(containerEvent("start"))).isTrue();
            assertThat(filter.matches(containerEvent("stop"))).isFalse();
        }

        @Test
        void matches_fullExecActionWithCommand_isExactWithoutFuzzyKeyword() {
            EventFilter filter = filter("event", "exec_start: sh");

            assertThat(filter.matches(containerEvent("exec_start: sh"))).isTrue();
            assertThat(filter.matches(containerEvent("exec_start: sh -c true"))).isFalse();
        }

        @Test
        void matches_execDie_isNotFuzzy() {
            assertThat(filter("event", "exec_d").matches(containerEvent("exec_die"))).isFalse();
        }
    }

    @Nested
    class TypeAndScope {
        @Test
        void matches_typeFilter_isExact() {
            assertThat(filter("type", "container").matches(containerEvent("start"))).isTrue();
            assertThat(filter("type", "cont").matches(containerEvent("start"))).isFalse();
            assertThat(filter("type", "image").matches(containerEvent("start"))).isFalse();
        }

        @Test
        void matches_typeAlternatives_matchEither() {
            EventFilter filter = filter("type", "image", "type", "container");

            assertThat(filter.matches(containerEvent("start"))).isTrue();
            assertThat(filter.matches(imageEvent(IMAGE_ID, null))).isTrue();
            assertThat(filter.matches(networkEvent("n", "n", "c"))).isFalse();
        }

        @Test
        void matches_scopeFilter_isExact() {
            Event swarm = new Event("service", "create", "s1", Map.of(), "swarm", 1L);

            assertThat(filter("scope", "local").matches(containerEvent("start"))).isTrue();
            assertThat(filter("scope", "local").matches(swarm)).isFalse();
            assertThat(filter("scope", "swarm").matches(swarm)).isTrue();
            assertThat(filter("scope", "loc").matches(containerEvent("start"))).isFalse();
        }
    }
}
