package dev.blazen.examples.approval;

import dev.blazen.camel.workflow.event.InputRequestEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the approval workflow's routes know about its runs, for people: which runs wait for a decision (fed by the
 * {@code blazen:stream-events:approval} route from the runs' InputRequestEvents), the answers that arrived over HTTP
 * or Kafka and what became of them (ACCEPTED, DUPLICATE), and each run's decision (reported by the workflow's last
 * step). {@code GET /approvals} and {@code GET /approvals/{runId}} read it; the routes log what happens.
 * <p>
 * It is registered as the bean {@value #BEAN} and called from {@code routes/approvals*.yaml}. It is an in-memory
 * record of the latest {@value #CAPACITY} runs of this JVM, enough for an example; an application would keep it in its
 * database. The runs themselves (parked or not) are the workflow engine's: this desk is never asked whether an answer
 * is accepted, {@code blazen:respond} decides that.
 */
public class ApprovalDesk {

    /** The bean name the routes use. */
    public static final String BEAN = "approvalDesk";

    /** Runs remembered; the oldest is forgotten first. */
    public static final int CAPACITY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalDesk.class);

    private final Map<String, Approval> approvals = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Approval> eldest) {
            return size() > CAPACITY;
        }
    };

    /** {@code POST /approvals} started a run for this request. */
    public synchronized void started(String runId, String request) {
        approval(runId).request = request;
    }

    /** A run asked for a decision (an InputRequestEvent on the workflow's stream). */
    public synchronized void requested(String runId, InputRequestEvent request) {
        Approval approval = approval(runId);
        approval.requestId = request.requestId();
        approval.prompt = request.prompt();
        approval.draft = request.metadata() == null ? null : request.metadata().get("draft");
        approval.waitingSince = Instant.now();
        // the stream may deliver the request after a quick client already answered it
        approval.waiting = approval.decisions.isEmpty() && approval.answers.stream()
                .noneMatch(a -> "ACCEPTED".equals(a.outcome()) && a.requestId().equals(request.requestId()));
    }

    /** {@code blazen:respond} took an answer; {@code via} names where it came from (http, kafka). */
    public synchronized void answered(String runId, String requestId, String outcome, String via) {
        Approval approval = approval(runId);
        approval.answers.add(new Answer(requestId, outcome, via, Instant.now()));
        if ("ACCEPTED".equals(outcome) && requestId.equals(approval.requestId)) {
            approval.waiting = false;
            approval.accepted = true;
        }
    }

    /** The workflow's last step decided; {@code decision} is the StopEvent result. */
    public synchronized void decided(String runId, Map<String, Object> decision) {
        Approval approval = approval(runId);
        approval.waiting = false;
        approval.decisions.add(Collections.unmodifiableMap(withoutNulls(decision)));
        if (approval.decisions.size() > 1) {
            LOG.warn("Run {} reported a decision {} times", runId, approval.decisions.size());
        }
    }

    /** The runs waiting for a decision, oldest first: {@code run_id, request_id, prompt, draft, request, waiting_since}. */
    public synchronized List<Map<String, Object>> pending() {
        List<Map<String, Object>> pending = new ArrayList<>();
        approvals.values().stream()
                .filter(a -> a.waiting)
                .sorted((a, b) -> a.waitingSince.compareTo(b.waitingSince))
                .forEach(a -> pending.add(a.pendingView()));
        return pending;
    }

    /**
     * What the desk knows of a run, or null for a run it never saw (or forgot): {@code run_id}, {@code status}
     * ({@code drafting}: started, no request yet; {@code waiting}: for a decision; {@code deciding}: an answer was
     * accepted; {@code decided}), the {@code request}, {@code request_id}, {@code prompt} and {@code draft}, the
     * {@code decision} (the workflow's result) and every answer received ({@code answers}: request_id, outcome, via,
     * at).
     */
    public synchronized Map<String, Object> status(String runId) {
        Approval approval = runId == null ? null : approvals.get(runId);
        return approval == null ? null : approval.statusView();
    }

    /**
     * How many times the workflow reported a decision for the run: 1 once it is decided. More would mean that one
     * request was answered twice, which {@code blazen:respond} prevents (a repeated answer is a DUPLICATE).
     */
    public synchronized int timesDecided(String runId) {
        Approval approval = approvals.get(runId);
        return approval == null ? 0 : approval.decisions.size();
    }

    private Approval approval(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("no run id");
        }
        return approvals.computeIfAbsent(runId, Approval::new);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    private record Answer(String requestId, String outcome, String via, Instant at) {
        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("request_id", requestId);
            view.put("outcome", outcome);
            view.put("via", via);
            view.put("at", at.toString());
            return view;
        }
    }

    private static final class Approval {
        final String runId;
        String request;
        String requestId;
        String prompt;
        Object draft;
        Instant waitingSince;
        boolean waiting;
        boolean accepted;
        final List<Map<String, Object>> decisions = new ArrayList<>();
        final List<Answer> answers = new ArrayList<>();

        Approval(String runId) {
            this.runId = runId;
        }

        Map<String, Object> pendingView() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("run_id", runId);
            view.put("request_id", requestId);
            view.put("prompt", prompt);
            view.put("draft", draft);
            view.put("request", request);
            view.put("waiting_since", waitingSince.toString());
            return withoutNulls(view);
        }

        Map<String, Object> statusView() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("run_id", runId);
            view.put("status", !decisions.isEmpty() ? "decided" : waiting ? "waiting" : accepted ? "deciding" : "drafting");
            view.put("request", request);
            view.put("request_id", requestId);
            view.put("prompt", prompt);
            view.put("draft", draft);
            view.put("decision", decisions.isEmpty() ? null : decisions.get(0));
            view.put("answers", answers.stream().map(Answer::view).toList());
            return withoutNulls(view);
        }
    }
}
