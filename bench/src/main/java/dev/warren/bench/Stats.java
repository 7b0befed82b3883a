package dev.warren.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Samples in milliseconds and their median; benchmarks print medians because tails on 2 cores are noisy. */
public final class Stats {
    private final List<Double> samples = new ArrayList<>();

    public void add(double millis) {
        samples.add(millis);
    }

    public double median() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public double min() {
        return Collections.min(samples);
    }

    public double max() {
        return Collections.max(samples);
    }

    public int count() {
        return samples.size();
    }

    public static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
