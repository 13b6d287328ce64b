package dev.blazen.inference.embedding;

import java.util.ArrayList;
import java.util.List;

/** Varied English and non-English texts for the parity tests: short, medium, long (> 512 tokens), odd characters. */
final class ParityTexts {

    private ParityTexts() {
    }

    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Camel routes move messages between endpoints.",
            "How do I reset my password?",
            "Embeddings map texts to points in a vector space.",
            "The invoice total was $1,234.56, due on 2024-03-15.",
            "Call me at +1 (555) 010-9999 after 6 p.m.",
            "Résumé, naïve café, coöperate, jalapeño.",
            "Größe, Straße, Übermaß und Äpfel.",
            "東京は日本の首都です。",
            "Привет, как дела?",
            "مرحبا بالعالم",
            "Emoji test: 🚀🔥👍 and ❤️.",
            "C'est la vie; ça va?",
            "Pi is approximately 3.14159265358979.",
            "ERROR 404: page not found!!!",
            "<html><body>Hello</body></html>",
            "SELECT * FROM users WHERE id = 42;",
            "def f(x): return x ** 2 + 1",
            "E = mc^2, F = ma, a^2 + b^2 = c^2.",
            "Version 1.11.0-beta19 was released on 4 February.",
            "The patient's temperature rose to 39.5°C overnight.",
            "Stocks fell 3% as bond yields climbed to 4.7%.",
            "Photosynthesis converts light energy into chemical energy.",
            "Is it raining in Seattle today?",
            "¿Dónde está la biblioteca?",
            "The mitochondria is the powerhouse of the cell.",
            "   leading and trailing spaces   ",
            "tabs\tand\nnewlines\r\ninside",
            "ALL CAPS SHOUTING TEXT",
            "mIxEd CaSe wOrDs",
            "a",
            "?",
            "42",
            "hello",
            "...!!!???",
            "https://example.com/path?query=1&x=y#frag",
            "user@example.org wrote: 'see attached'",
            "αβγ δεζ ηθι",
            "한국어 문장입니다.",
            "ไทย ภาษา",
            "Hindi: नमस्ते दुनिया",
            "The year 1999 ended; 2000 began.",
            "Temperatures: -40, 0, 100, 212 degrees.",
            "Fractions like ½ and ¾ and symbols like © ® ™.",
            "A sentence with — em dashes – and “smart quotes”.",
            "Nested (parentheses [and {braces}]) here.",
            "Semicolons; colons: commas, periods.",
            "JSON: {\"key\": [1, 2, 3], \"ok\": true}",
            "Workflow steps emit events that trigger other steps.",
            "Local inference avoids network calls entirely.");

    private static final String PARAGRAPH = "Large language models are trained on vast collections of text and can "
            + "answer questions, summarise documents, translate between languages and write code. Retrieval augmented "
            + "generation combines such a model with a search index: the question is embedded, the nearest passages are "
            + "retrieved, and the model answers using them as context. Quality depends on the embedding model, on how "
            + "documents are split into chunks, and on the number of passages given to the model. ";

    /** At least 200 texts: the sentences, pairs and triples of them, numbered variants, and long paragraphs. */
    static List<String> all() {
        List<String> texts = new ArrayList<>(SENTENCES);
        int n = SENTENCES.size();
        for (int i = 0; i < n; i++) {
            texts.add(SENTENCES.get(i) + " " + SENTENCES.get((i * 7 + 3) % n));
        }
        for (int i = 0; i < n; i++) {
            texts.add("Item #" + (i * 37) + ": " + SENTENCES.get((i * 11 + 5) % n) + " (" + (i * 0.25) + "%)");
        }
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 3 + i % 5; k++) {
                sb.append(SENTENCES.get((i * 13 + k * 17) % n)).append(' ');
            }
            texts.add(sb.toString().strip());
        }
        // medium texts: one to three paragraphs (roughly 80 to 250 tokens)
        for (int i = 1; i <= 6; i++) {
            texts.add(PARAGRAPH.repeat(1 + i % 3) + SENTENCES.get(i));
        }
        // long texts: well over 512 tokens, so truncation applies
        for (int i = 0; i < 6; i++) {
            texts.add(SENTENCES.get(i * 3) + " " + PARAGRAPH.repeat(8 + i));
        }
        return List.copyOf(texts);
    }

    static String longText() {
        return PARAGRAPH.repeat(10);
    }
}
