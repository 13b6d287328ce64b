package dev.blazen.camel.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answered input requests of the runs that finished last, so a response that arrives twice after its run ended
 * is still recognised as a duplicate when the store no longer holds the run. Bounded: the oldest go first.
 */
final class RecentlyFinished {

    private final Map<String, List<String>> runs;

    RecentlyFinished(int capacity) {
        this.runs = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(String runId, List<String> answered) {
        runs.put(runId, List.copyOf(answered));
    }

    /** The run's answered request ids, or null when the run is not among the recently finished. */
    synchronized List<String> answered(String runId) {
        return runs.get(runId);
    }
}
