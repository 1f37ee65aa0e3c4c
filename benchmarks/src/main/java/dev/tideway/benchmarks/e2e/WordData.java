package dev.tideway.benchmarks.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The input of the word-count benchmarks: CSV files with a header {@code word} and one word a line,
 * drawn from a fixed vocabulary with a Zipf-like frequency (a few words are common, most are rare),
 * as in real text. The same seed gives the same files, so every contender reads the same bytes.
 */
public final class WordData {
    private final String[] vocabulary;
    private final double[] cumulative;
    private final Random random;

    public WordData(int distinctWords, long seed) {
        this.random = new Random(seed);
        this.vocabulary = vocabulary(distinctWords, random);
        this.cumulative = new double[distinctWords];
        double sum = 0;
        for (int i = 0; i < distinctWords; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < distinctWords; i++) {
            cumulative[i] /= sum;
        }
    }

    /** Distinct lowercase words of 3 to 10 letters. */
    private static String[] vocabulary(int size, Random random) {
        Set<String> words = new HashSet<>();
        String[] result = new String[size];
        int n = 0;
        while (n < size) {
            int length = 3 + random.nextInt(8);
            char[] letters = new char[length];
            for (int i = 0; i < length; i++) {
                letters[i] = (char) ('a' + random.nextInt(26));
            }
            String word = new String(letters);
            // "word" is the CSV header: a line-based reader (the Flink job) tells them apart by value
            if (!word.equals("word") && words.add(word)) {
                result[n++] = word;
            }
        }
        return result;
    }

    public String nextWord() {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return vocabulary[i < 0 ? Math.min(-i - 1, vocabulary.length - 1) : i];
    }

    /**
     * Writes {@code files} files of {@code wordsPerFile} words into {@code dir}, named
     * {@code <prefix>-00000.csv} and so on. Each file is written aside and renamed into place, so a
     * streaming reader never sees half a file.
     */
    public void writeFiles(Path dir, String prefix, int files, int wordsPerFile) throws IOException {
        Files.createDirectories(dir);
        for (int f = 0; f < files; f++) {
            writeFile(dir.resolve(String.format("%s-%05d.csv", prefix, f)), wordsPerFile, null);
        }
    }

    /** Writes one file of {@code words} words, the first of which is {@code firstWord} if given. */
    public void writeFile(Path file, int words, String firstWord) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write("word\n");
            int n = 0;
            if (firstWord != null) {
                out.write(firstWord);
                out.write('\n');
                n++;
            }
            for (; n < words; n++) {
                out.write(nextWord());
                out.write('\n');
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
