/**
 * The storage layer of persistence: immutable objects on a {@link dev.tideway.persistence.Backend},
 * written in an order that keeps the previous consistent point intact until the next is complete.
 *
 * <h2>Layout of a state location</h2>
 * <pre>
 * .lock                                  filesystem only: OS lock, holder's pid as text
 * .lock~&lt;20-digit epoch&gt;                 S3 and Azure only: the lease (owner, holder: host, boot id, pid
 *                                        namespace, pid, start time; expiry), see LeaseLock
 * log/&lt;sourceId&gt;/&lt;20-digit sequence&gt;     one write-ahead log segment per commit with records
 * snapshots/&lt;20-digit id&gt;/&lt;stateName&gt;   one object per operator state of a snapshot
 * metadata/&lt;20-digit generation&gt;        one checkpoint per commit; the newest intact one is current
 * paired-snapshot-storage-id             two storages only, in the metadata storage: the id of its snapshot storage
 * snapshot-storage-id                    two storages only, in the snapshot storage: its id (see StoragePairing)
 * </pre>
 * With two storages ({@link dev.tideway.persistence.PersistenceConfig#of(dev.tideway.persistence.Backend,
 * dev.tideway.persistence.Backend)}) the lock and {@code metadata/} are in the metadata storage, and
 * {@code log/}, {@code snapshots/}, {@code rows/} and {@code udf-cache/} in the snapshot storage.
 * A source's snapshot state ends with the logical time at which each unit and event row was read
 * (a state written before they were kept has none: its rows replay in one batch).
 *
 * <h2>Object stores</h2>
 * {@link dev.tideway.internal.storage.ObjectStoreBackend} holds what S3 and Azure share: keys under
 * a root prefix, create-only writes with {@code If-None-Match: *} for the metadata generations (so a
 * second writer's commit fails instead of overwriting), a lease object as the lock, {@link
 * dev.tideway.persistence.Retry} around every call and {@link
 * dev.tideway.spi.Redaction} of credentials in every message.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>Log segments: a sequence of frames {@code [u32 length][u32 masked CRC32C][payload]}
 *       (little-endian; see {@link dev.tideway.internal.storage.Frames}); one frame per record.
 *   <li>Snapshot objects: exactly one frame holding the state's bytes.
 *   <li>Metadata: a header line {@code tideway-checkpoint 1 crc32c=<hex of the rest>}, then JSON
 *       (see {@link dev.tideway.internal.storage.CheckpointCodec}).
 * </ul>
 *
 * <h2>Commit order</h2>
 * Write the log segments ({@link dev.tideway.internal.storage.WriteAheadLog#commit}) and, when one
 * is due, the snapshot (both in the snapshot storage) ({@link dev.tideway.internal.storage.SnapshotStore#write}); then the
 * metadata ({@link dev.tideway.internal.storage.MetadataStore#commit}, in the metadata storage); only then delete what the
 * new checkpoint no longer needs (old snapshots, covered log segments). At start: read
 * {@link dev.tideway.internal.storage.MetadataStore#latest}, discard log segments and snapshots
 * above what it names, load its snapshot, replay the log after the snapshot up to its sequence.
 */
package dev.tideway.internal.storage;
