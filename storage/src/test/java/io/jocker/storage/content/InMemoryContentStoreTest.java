package io.jocker.storage.content;

import io.jocker.oci.digest.Digest;

class InMemoryContentStoreTest extends ContentStoreContract {
    private InMemoryContentStore memory;

    @Override
    protected ContentStore newStore() {
        memory = new InMemoryContentStore();
        return memory;
    }

    @Override
    protected void damage(Digest digest, byte[] content) {
        memory.damage(digest, content);
    }

    @Override
    protected int ingestCount() {
        return memory.ingestCount();
    }

    @Override
    protected void leaveCrashedIngest(byte[] partial) {
        memory.leaveCrashedIngest("crashed", partial);
    }

    @Override
    protected boolean holdsBlobsInHeap() {
        return true;
    }
}
