package dev.tideway.benchmarks.flink;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The word count as a Flink user writes it with the DataStream API (the shape of Flink's own
 * WordCount example): text lines from a {@code FileSource}, the CSV header dropped, {@code keyBy(word)
 * .sum(count)}, JSON lines to a {@code FileSink}. Parallelism 1 (or as given), on the local MiniCluster that
 * {@code getExecutionEnvironment()} starts in this process.
 *
 * <p>{@code FlinkWordCount batch|streaming INPUT_DIR OUTPUT_DIR [PARALLELISM]} (default 1). In batch mode the sum emits each
 * word's final count; in streaming mode it emits a running count per word occurrence (as Flink's
 * example does), with a checkpoint every second, which the file sink needs to commit its files.
 */
public final class FlinkWordCount {
    private FlinkWordCount() {}

    public static void main(String[] args) throws Exception {
        boolean batch = args[0].equals("batch");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(args.length > 3 ? Integer.parseInt(args[3]) : 1);
        env.setRuntimeMode(batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        if (!batch) {
            env.enableCheckpointing(1000);
        }
        FileSource<String> lines = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[1])).build();
        env.fromSource(lines, WatermarkStrategy.noWatermarks(), "words")
                .filter(line -> !line.isEmpty() && !line.equals("word"))   // the CSV header
                .map(word -> Tuple2.of(word, 1L))
                .returns(Types.TUPLE(Types.STRING, Types.LONG))
                .keyBy(pair -> pair.f0)
                .sum(1)
                .map(pair -> "{\"word\":\"" + pair.f0 + "\",\"count\":" + pair.f1 + "}")
                .sinkTo(FileSink.forRowFormat(new Path(args[2]), new SimpleStringEncoder<String>()).build());
        env.execute("word count, " + args[0]);
    }
}
