package dev.blazen.llm.provider.openai;

import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.ApiKey;

import java.util.Map;

/**
 * Azure OpenAI: the OpenAI wire format at deployment URLs,
 * {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...}, with the key in the
 * {@code api-key} header. The model of a request (or the default) names the deployment; embeddings use the embedding
 * deployment. Keys and endpoint come from arguments or AZURE_OPENAI_API_KEY / AZURE_OPENAI_ENDPOINT.
 */
public final class AzureOpenAi {

    /** The latest generally available data-plane inference version. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";
    public static final String KEY_VARIABLE = "AZURE_OPENAI_API_KEY";
    public static final String ENDPOINT_VARIABLE = "AZURE_OPENAI_ENDPOINT";

    private AzureOpenAi() {
    }

    /**
     * @param endpoint   https://{resource}.openai.azure.com, or null for AZURE_OPENAI_ENDPOINT
     * @param deployment the chat deployment
     * @param apiKey     the key, or null for AZURE_OPENAI_API_KEY
     * @param apiVersion the api-version, or null for {@link #DEFAULT_API_VERSION}
     */
    public static OpenAiCompatConfig config(String endpoint, String deployment, String apiKey, String apiVersion) {
        String resolvedEndpoint = endpoint != null && !endpoint.isBlank() ? endpoint : System.getenv(ENDPOINT_VARIABLE);
        if (resolvedEndpoint == null || resolvedEndpoint.isBlank()) {
            throw new ValidationError("endpoint", "Azure OpenAI needs an endpoint: pass one or set " + ENDPOINT_VARIABLE);
        }
        if (deployment == null || deployment.isBlank()) {
            throw new ValidationError("deployment", "Azure OpenAI needs a deployment name");
        }
        ApiKey key = ApiKey.resolve(apiKey, KEY_VARIABLE);
        if (key == null) {
            throw new AuthError("no API key for Azure OpenAI: pass one or set " + KEY_VARIABLE);
        }
        String base = resolvedEndpoint.strip().replaceAll("/+$", "") + "/openai/deployments";
        String version = apiVersion == null || apiVersion.isBlank() ? DEFAULT_API_VERSION : apiVersion.strip();
        return OpenAiCompatConfig.of(base, key, deployment.strip())
                .withAuthMethod(AuthMethod.API_KEY_HEADER)
                .withQueryParams(Map.of("api-version", version))
                // deployments of newer models reject max_tokens
                .withMaxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS);
    }

    public static OpenAiCompatProvider create(String endpoint, String deployment, String apiKey, String apiVersion) {
        return create(config(endpoint, deployment, apiKey, apiVersion));
    }

    /** The endpoint and key from the environment, the default api-version. */
    public static OpenAiCompatProvider create(String deployment) {
        return create(null, deployment, null, null);
    }

    /** A configuration from {@link #config}, possibly changed (embedding deployment, timeout, headers). */
    public static OpenAiCompatProvider create(OpenAiCompatConfig config) {
        return new OpenAiCompatProvider("azure", config, true);
    }

    /** https://{resource}.openai.azure.com */
    public static String resourceEndpoint(String resourceName) {
        if (resourceName == null || !resourceName.matches("[A-Za-z0-9-]+")) {
            throw new ValidationError("resourceName", "not an Azure resource name: " + resourceName);
        }
        return "https://" + resourceName + ".openai.azure.com";
    }
}
