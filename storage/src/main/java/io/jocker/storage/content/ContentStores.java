package io.jocker.storage.content;

import java.nio.file.Path;

/** Creates content stores; the implementations stay package-private behind {@link ContentStore}. */
public final class ContentStores {
    private ContentStores() {}

    /**
     * Opens (creating if needed) the store under {@code root}, laid out as the package doc
     * describes, and removes the ingests a crash left there. The caller must be the only process
     * using {@code root} (the daemon holds the data-root lock).
     */
    public static ContentStore local(Path root) {
        return LocalContentStore.open(root);
    }
}
