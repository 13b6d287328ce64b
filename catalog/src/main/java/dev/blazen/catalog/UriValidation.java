package dev.blazen.catalog;

import java.util.List;

import org.apache.camel.catalog.EndpointValidationResult;

/**
 * The verdict on one endpoint URI: camel-catalog's own result plus the readable problems, which also hold the
 * blazen rules the generic catalog cannot express (see {@link BlazenCatalog#validate(String, EndpointRole)}).
 *
 * @param uri           the URI as validated
 * @param role          the side it was validated for
 * @param catalogResult what camel-catalog found
 * @param problems      one readable line per problem; empty when the URI is valid
 */
public record UriValidation(String uri, EndpointRole role, EndpointValidationResult catalogResult, List<String> problems) {

    public UriValidation {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }
}
