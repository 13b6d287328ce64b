package dev.blazen.catalog.routes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.blazen.catalog.BlazenCatalog;
import dev.blazen.catalog.EndpointRole;
import dev.blazen.catalog.routes.JavaTokens.Kind;
import dev.blazen.catalog.routes.JavaTokens.Token;

/**
 * Finds the endpoint URIs of a Java route source without compiling it.
 *
 * <p>Two rules: (1) the string arguments of the Java DSL and template calls that take an endpoint URI
 * ({@code from}, {@code to}, {@code toD}, {@code wireTap}, {@code enrich}, {@code pollEnrich}, ProducerTemplate's
 * {@code sendBody}/{@code requestBody}/..., {@code @Consume}/{@code @Produce}/{@code @EndpointInject}); (2) any
 * other {@code blazen:} string literal, such as a URI kept in a constant. Arguments built with {@code +} are
 * evaluated: literals, numbers and {@code String} constants of the same file are joined, anything else (a method
 * call, a parameter) becomes {@link #UNRESOLVED}, a placeholder camel-catalog skips, so the rest of the URI is
 * still checked.
 */
public final class JavaRouteUris {

    /** Stands for a Java expression whose value is only known at run time. */
    public static final String UNRESOLVED = "{{java-expression}}";

    private static final Pattern URI_START = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*:|\\{\\{).*", Pattern.DOTALL);
    private static final String BLAZEN_PREFIX = BlazenCatalog.SCHEME + ":";

    private record Call(EndpointRole role, boolean firstArgumentOnly) {
    }

    // interceptFrom/interceptSendToEndpoint take patterns (with wildcards), fromF/toF format strings: not URIs
    private static final Map<String, Call> CALLS = Map.ofEntries(
            Map.entry("from", new Call(EndpointRole.CONSUMER, false)),
            Map.entry("pollEnrich", new Call(EndpointRole.CONSUMER, true)),
            Map.entry("to", new Call(EndpointRole.PRODUCER, false)),
            Map.entry("toD", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("wireTap", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("enrich", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("send", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("sendBody", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("sendBodyAndHeader", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("sendBodyAndHeaders", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("sendBodyAndProperty", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("request", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("requestBody", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("requestBodyAndHeader", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("requestBodyAndHeaders", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("asyncSend", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("asyncSendBody", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("asyncRequestBody", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("asyncRequestBodyAndHeader", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("asyncRequestBodyAndHeaders", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("receive", new Call(EndpointRole.CONSUMER, true)),
            Map.entry("receiveBody", new Call(EndpointRole.CONSUMER, true)),
            Map.entry("receiveNoWait", new Call(EndpointRole.CONSUMER, true)),
            Map.entry("receiveBodyNoWait", new Call(EndpointRole.CONSUMER, true)),
            Map.entry("Consume", new Call(EndpointRole.CONSUMER, true)),
            Map.entry("Produce", new Call(EndpointRole.PRODUCER, true)),
            Map.entry("EndpointInject", new Call(EndpointRole.EITHER, true)),
            Map.entry("getEndpoint", new Call(EndpointRole.EITHER, true)),
            Map.entry("endpoint", new Call(EndpointRole.EITHER, true)));

    private final List<Token> tokens;
    private final Map<String, String> constants = new HashMap<>();
    private final Set<Integer> claimed = new HashSet<>();

    private JavaRouteUris(String source) {
        this.tokens = JavaTokens.tokenize(source);
    }

    public static List<UriOccurrence> extract(String source) {
        return new JavaRouteUris(source).run();
    }

    private List<UriOccurrence> run() {
        collectConstants();
        List<UriOccurrence> found = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            Call call = token.kind() == Kind.IDENT ? CALLS.get(token.text()) : null;
            if (call == null || !tokens.get(i + 1).is("(")) {
                continue;
            }
            int close = closing(i + 1);
            List<int[]> arguments = split(i + 2, close, ",");
            for (int a = 0; a < arguments.size() && (a == 0 || !call.firstArgumentOnly()); a++) {
                int[] argument = arguments.get(a);
                Value value = evaluate(argument[0], argument[1], false);
                if (value != null && value.startsKnown() && URI_START.matcher(value.text()).matches()) {
                    claim(argument[0], argument[1]);
                    found.add(new UriOccurrence(tokens.get(argument[0]).line(), token.text(), call.role(), value.text()));
                }
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean continuesConcatenation = i > 0 && tokens.get(i - 1).is("+");
            if (token.kind() != Kind.STRING || claimed.contains(i) || continuesConcatenation
                    || !token.text().startsWith(BLAZEN_PREFIX) || token.text().chars().anyMatch(Character::isWhitespace)) {
                continue;
            }
            int end = expressionEnd(i);
            Value value = evaluate(i, end, false);
            claim(i, end);
            // a literal that is not a string chain's start ("blazen:x".equals(y)) is the URI by itself
            String uri = value != null && value.startsKnown() ? value.text() : token.text();
            found.add(new UriOccurrence(token.line(), "literal", EndpointRole.EITHER, uri));
        }
        found.sort((x, y) -> Integer.compare(x.line(), y.line()));
        return found;
    }

    /**
     * {@code String NAME = <expression>;} and {@code var NAME = ...} declarations of the file whose values start with
     * static text; a name declared twice with different values is ambiguous and left unresolved.
     */
    private void collectConstants() {
        Set<String> ambiguous = new HashSet<>();
        // constants may refer to constants declared later in the file: repeat until nothing new resolves
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int i = 0; i + 3 < tokens.size(); i++) {
                Token type = tokens.get(i);
                Token name = tokens.get(i + 1);
                if (type.kind() != Kind.IDENT || !(type.text().equals("String") || type.text().equals("var"))
                        || name.kind() != Kind.IDENT || !tokens.get(i + 2).is("=")) {
                    continue;
                }
                // a value with run-time parts is kept (as placeholders) when it starts with known text
                Value value = evaluate(i + 3, expressionEnd(i + 3), false);
                if (value == null || !value.startsKnown() || ambiguous.contains(name.text())) {
                    continue;
                }
                String known = constants.get(name.text());
                if (known == null) {
                    constants.put(name.text(), value.text());
                    changed = true;
                } else if (!known.equals(value.text())) {
                    constants.remove(name.text());
                    ambiguous.add(name.text());
                    changed = true;
                }
            }
        }
    }

    private record Value(String text, boolean startsKnown) {
    }

    /**
     * The value of a {@code +} chain of operands in tokens [from, to); null when strict and an operand is not
     * known, or when no operand is a string (not a String expression at all).
     */
    private Value evaluate(int from, int to, boolean strict) {
        List<int[]> operands = split(from, to, "+");
        StringBuilder text = new StringBuilder();
        boolean anyString = false;
        boolean startsKnown = false;
        for (int o = 0; o < operands.size(); o++) {
            int[] operand = operands.get(o);
            String part = operand(operand[0], operand[1]);
            if (part == null) {
                if (strict) {
                    return null;
                }
                text.append(UNRESOLVED);
            } else {
                text.append(part);
                anyString |= isStringOperand(operand[0], operand[1]);
                startsKnown |= o == 0;
            }
        }
        return anyString ? new Value(text.toString(), startsKnown) : null;
    }

    private boolean isStringOperand(int from, int to) {
        if (to - from == 1 && tokens.get(from).kind() == Kind.STRING) {
            return true;
        }
        return to - from >= 1 && tokens.get(to - 1).kind() == Kind.IDENT && constants.containsKey(tokens.get(to - 1).text());
    }

    /** A single operand's value: a literal, a known constant (qualified or not), or a parenthesised chain. */
    private String operand(int from, int to) {
        if (to - from == 1) {
            Token token = tokens.get(from);
            return switch (token.kind()) {
                case STRING -> token.text();
                case LITERAL -> token.text().startsWith("'") ? null : token.text().replaceAll("[lLfFdD]$", "");
                case IDENT -> constants.get(token.text());
                case PUNCT -> null;
            };
        }
        if (to - from >= 2 && tokens.get(from).is("(") && closing(from) == to - 1) {
            Value inner = evaluate(from + 1, to - 1, true);
            return inner == null ? null : inner.text();
        }
        // Type.CONSTANT or this.constant: identifiers joined by dots, the last one names the constant
        for (int i = from; i < to; i++) {
            boolean identExpected = (i - from) % 2 == 0;
            Token token = tokens.get(i);
            if (identExpected ? token.kind() != Kind.IDENT : !token.is(".")) {
                return null;
            }
        }
        return (to - from) % 2 == 1 ? constants.get(tokens.get(to - 1).text()) : null;
    }

    /** Index of the bracket closing the one at {@code open}, or the end of the tokens. */
    private int closing(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("(") || token.is("[") || token.is("{")) {
                depth++;
            } else if (token.is(")") || token.is("]") || token.is("}")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return tokens.size();
    }

    /** Where the expression starting at {@code from} ends: the first , ; ) ] } outside its own brackets. */
    private int expressionEnd(int from) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("(") || token.is("[") || token.is("{")) {
                depth++;
            } else if (token.is(")") || token.is("]") || token.is("}")) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (depth == 0 && (token.is(",") || token.is(";"))) {
                return i;
            }
        }
        return tokens.size();
    }

    /** Splits tokens [from, to) at the given punctuation where it is outside brackets; empty parts are dropped. */
    private List<int[]> split(int from, int to, String separator) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            Token token = tokens.get(i);
            if (token.is("(") || token.is("[") || token.is("{")) {
                depth++;
            } else if (token.is(")") || token.is("]") || token.is("}")) {
                depth--;
            } else if (depth == 0 && token.is(separator)) {
                if (i > start) {
                    parts.add(new int[] {start, i});
                }
                start = i + 1;
            }
        }
        if (to > start) {
            parts.add(new int[] {start, to});
        }
        return parts;
    }

    private void claim(int from, int to) {
        for (int i = from; i < to; i++) {
            claimed.add(i);
        }
    }
}
