package io.jocker.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Query strings byte for byte as Go's url.Values.Encode writes the docker CLI's. */
class QueryTest {
    @Test
    void keysSorted_valuesInOrder_goEscaping() {
        String query = new Query().add("tag", "1").add("repo", "docker.io/library/x")
                .add("changes", "ENV A=1 ~*").add("changes", "CMD [\"sh\"]").flag("force", true).flag("noprune", false)
                .addIfSet("message", "").toString();
        assertThat(query).isEqualTo("?changes=ENV+A%3D1+~%2A&changes=CMD+%5B%22sh%22%5D&force=1"
                + "&repo=docker.io%2Flibrary%2Fx&tag=1");
    }

    @Test
    void empty_isNothing() {
        assertThat(new Query().flag("all", false)).hasToString("");
    }

    @Test
    void pathEscape_keepsNameCharacters() {
        assertThat(Query.pathEscape("127.0.0.1:5555/dp/x@sha256:ab")).isEqualTo("127.0.0.1:5555/dp/x@sha256:ab");
        assertThat(Query.pathEscape("a b?#%")).isEqualTo("a%20b%3F%23%25");
    }
}
