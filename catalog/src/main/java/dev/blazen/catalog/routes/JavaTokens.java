package dev.blazen.catalog.routes;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a Java lexer to find endpoint URIs: identifiers, string literals (decoded, text blocks included),
 * other literals and single-character punctuation, with comments dropped so a URI in a comment is not checked.
 */
final class JavaTokens {

    enum Kind { IDENT, STRING, LITERAL, PUNCT }

    /** One token; for {@link Kind#STRING} the text is the decoded value. */
    record Token(Kind kind, String text, int line) {

        boolean is(String punctuation) {
            return kind == Kind.PUNCT && text.equals(punctuation);
        }
    }

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;

    private JavaTokens(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        JavaTokens lexer = new JavaTokens(src);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                end = end < 0 ? src.length() : end + 2;
                countLines(pos, end);
                pos = end;
            } else if (src.startsWith("\"\"\"", pos)) {
                textBlock();
            } else if (c == '"') {
                string();
            } else if (c == '\'') {
                charLiteral();
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = pos;
                while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Kind.IDENT, src.substring(start, pos), line));
            } else if (Character.isDigit(c)) {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                        || src.charAt(pos) == '.')) {
                    pos++;
                }
                tokens.add(new Token(Kind.LITERAL, src.substring(start, pos), line));
            } else {
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c), line));
                pos++;
            }
        }
    }

    private void string() {
        int startLine = line;
        int start = ++pos;
        while (pos < src.length() && src.charAt(pos) != '"' && src.charAt(pos) != '\n') {
            pos += src.charAt(pos) == '\\' ? 2 : 1;
        }
        String raw = src.substring(start, Math.min(pos, src.length()));
        pos++;
        tokens.add(new Token(Kind.STRING, decode(raw), startLine));
    }

    private void textBlock() {
        int startLine = line;
        pos += 3;
        // the content starts on the line after the opening delimiter
        while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
        }
        int start = Math.min(pos + 1, src.length());
        int end = start;
        while (end < src.length() && !src.startsWith("\"\"\"", end)) {
            end += src.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end, src.length());
        countLines(pos, end);
        // keep the closing delimiter's indentation in the input: it takes part in the incidental-indent rule
        String raw = src.substring(start, end);
        pos = Math.min(end + 3, src.length());
        tokens.add(new Token(Kind.STRING, decode(raw.stripIndent()), startLine));
    }

    private void charLiteral() {
        int start = pos++;
        while (pos < src.length() && src.charAt(pos) != '\'' && src.charAt(pos) != '\n') {
            pos += src.charAt(pos) == '\\' ? 2 : 1;
        }
        pos++;
        tokens.add(new Token(Kind.LITERAL, src.substring(start, Math.min(pos, src.length())), line));
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private static String decode(String raw) {
        try {
            return raw.translateEscapes();
        } catch (IllegalArgumentException e) {
            // javac would reject the escape; keep the text so the URI is still reported as written
            return raw;
        }
    }
}
