package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;

class MemoryBackendTest extends BackendContractTest {
    @Override
    Backend backend() {
        return Backend.memory();
    }

    @Override
    Backend sameLocation(Backend backend) {
        return backend;
    }
}
