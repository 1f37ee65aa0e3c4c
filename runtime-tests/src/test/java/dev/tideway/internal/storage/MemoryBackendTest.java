package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.contract.BackendContractTest;

class MemoryBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return Backend.memory();
    }

    @Override
    protected Backend sameLocation(Backend backend) {
        return backend;
    }
}
