package dev.blazen.examples.approval;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.InputRequestEvent;
import org.apache.camel.Body;
import org.apache.camel.Variable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The approval workflow's draft step (called from {@code routes/approvals.yaml}): drafts a purchase order from the
 * request, keeps it in the run's state for the decide step, and asks a person to approve it. Deterministic here; a
 * {@code blazen:complete} call before it would have a model write the draft.
 * <p>
 * Java rather than YAML because the draft is free text: the simple language pastes a nested {@code ${...}} into the
 * text of a method call ({@code ${variable.blazenContext.set(draft, ${body})}}), which breaks on a colon or a comma in
 * the value, while a bean's parameters are bound as values.
 */
public class PurchaseOrderDrafter {

    /** The bean name the routes use. */
    public static final String BEAN = "purchaseOrderDrafter";

    /** The request id of the approval each run asks for; one per run, so the run id tells the runs apart. */
    public static final String REQUEST_ID = "manager-approval";

    /** The run-state key of the draft. */
    public static final String DRAFT = "draft";

    /** Drafts the order, stores it in the run's state and returns the input request the step emits. */
    public InputRequestEvent draft(@Body String request,
                                   @Variable(BlazenConstants.CONTEXT_VARIABLE) WorkflowContext context) {
        String draft = "Purchase order: " + request + ". Supplier: the usual one. Delivery: within 10 working days.";
        context.set(DRAFT, draft);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(DRAFT, draft);
        metadata.put("request", request);
        return new InputRequestEvent(REQUEST_ID, "Approve this purchase order?", metadata);
    }
}
