#include "core/synthetic_session.h"

#include <array>
#include <cmath>
#include <vector>

#include "core/name_table.h"
#include "core/split_mix.h"

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 3> kKindNames = {"short-answer", "reasoning-then-answer",
                                                        "burst-heavy"};

using Random = SplitMix;

struct Phase {
    Channel channel;
    int tokens;
    double tps;
    double jitter;       // relative spread of each gap, 0..1
    int maxChunk;        // tokens a server may pack into one chunk
    double stallChance;  // chance per chunk of a pause
    double stallS;       // typical pause length
    double leadInS;      // silence before the phase
};

struct Script {
    std::string prompt;
    std::string model;
    std::vector<std::string_view> reasoningText;
    std::vector<std::string_view> completionText;
    std::vector<Phase> phases;
    int hiddenTokens;  // billed but never streamed (harmony control tokens)
    int promptTokens;
};

// Splits text into token-like pieces: words with their leading space, long words in parts.
std::vector<std::string> tokenize(std::string_view text) {
    std::vector<std::string> pieces;
    std::string word;
    const auto flush = [&] {
        constexpr std::size_t kPiece = 5;
        for (std::size_t i = 0; i < word.size(); i += kPiece) {
            pieces.push_back(word.substr(i, kPiece));
        }
        word.clear();
    };
    for (char c : text) {
        if (c == ' ') {
            flush();
            // Not `word = " "`: GCC 12 at -O3 raises a false -Wrestrict on assigning a literal.
            word.push_back(' ');
        } else if (c == ',' || c == '.' || c == '?' || c == ':' || c == ';') {
            flush();
            pieces.emplace_back(1, c);
        } else {
            word += c;
        }
    }
    flush();
    return pieces;
}

// Endless token text: the sentences in a shuffled order, again and again.
class TextSource {
  public:
    TextSource(const std::vector<std::string_view>& sentences, Random& random)
        : m_sentences(sentences), m_random(random) {}
    std::string next() {
        while (m_position >= m_pieces.size()) {
            m_pieces = tokenize(m_sentences[m_random.below(m_sentences.size())]);
            m_position = 0;
        }
        return m_pieces[m_position++];
    }

  private:
    const std::vector<std::string_view>& m_sentences;
    Random& m_random;
    std::vector<std::string> m_pieces;
    std::size_t m_position = 0;
};

double roundMicro(double t) {
    return std::round(t * 1e6) / 1e6;
}

const std::vector<std::string_view> kCapitalReasoning = {
    " The user asks for the capital of Australia. Many people guess Sydney, but the capital is "
    "Canberra, chosen as a compromise between Sydney and Melbourne. Answer briefly."};
const std::vector<std::string_view> kCapitalAnswer = {
    " The capital of Australia is Canberra. It was purpose-built as a compromise between Sydney "
    "and Melbourne."};

const std::vector<std::string_view> kPuzzleReasoning = {
    " We need to find how many handshakes happen if every guest shakes hands with every other "
    "guest exactly once.",
    " With n guests each person shakes n minus one hands, but that counts every handshake twice.",
    " So the count is n times n minus one, over two. Let me check with small numbers first.",
    " Three guests: A with B, A with C, B with C, that is three, and the formula gives three.",
    " Four guests give six handshakes, which matches drawing the square with both diagonals.",
    " The question says the host also shakes hands with everyone, so the host is one more "
    "person.",
    " Wait, does the host count as a guest? Re-read the question: twelve guests plus the host.",
    " Then there are thirteen people, so thirteen times twelve over two, which is seventy-eight.",
    " But maybe the host only greets people and does not shake hands with himself, fine, that "
    "is already excluded.",
    " Let me double-check the arithmetic: thirteen times twelve is one hundred fifty-six, half is "
    "seventy-eight.",
    " Consider whether couples shake hands with each other; the question does not say they "
    "skip, so include them.",
    " I should present the reasoning clearly with the formula and the small cases."};
const std::vector<std::string_view> kPuzzleAnswer = {
    " With the host there are thirteen people in the room.",
    " Every pair of people shakes hands exactly once, so we count pairs: n times n minus one, "
    "over two.",
    " For thirteen people that is thirteen times twelve divided by two, which is seventy-eight "
    "handshakes.",
    " A quick check with three people gives three handshakes, and with four people six, as the "
    "formula predicts.",
    " So the answer is seventy-eight."};

const std::vector<std::string_view> kListReasoning = {
    " The user wants many short names quickly. Keep each one punchy and distinct, no "
    "explanations."};
const std::vector<std::string_view> kListAnswer = {
    " 1. Lumen Drift",  " 2. Quartz Echo",    " 3. Nova Thread",   " 4. Ember Loop",
    " 5. Signal Bloom", " 6. Vector Tide",    " 7. Pulse Harbor",  " 8. Static Orchard",
    " 9. Neon Ledger",  " 10. Cipher Meadow", " 11. Halo Circuit", " 12. Velvet Relay"};

Script scriptFor(SyntheticKind kind) {
    switch (kind) {
        case SyntheticKind::ShortAnswer:
            return {"What is the capital of Australia?",
                    "openai/gpt-oss-20b",
                    kCapitalReasoning,
                    kCapitalAnswer,
                    {{Channel::Reasoning, 38, 60.0, 0.35, 1, 0.0, 0.0, 0.35},
                     {Channel::Completion, 24, 48.0, 0.35, 1, 0.0, 0.0, 0.25}},
                    9,
                    84};
        case SyntheticKind::ReasoningThenAnswer:
            return {
                "Twelve guests and their host meet at a party. Everyone shakes hands with "
                "everyone else exactly once. How many handshakes are there?",
                "openai/gpt-oss-120b",
                kPuzzleReasoning,
                kPuzzleAnswer,
                {{Channel::Reasoning, 160, 42.0, 0.4, 1, 0.004, 0.5, 0.6},
                 {Channel::Reasoning, 120, 24.0, 0.5, 1, 0.01, 0.9, 0.0},
                 {Channel::Reasoning, 220, 58.0, 0.3, 2, 0.002, 0.4, 0.0},
                 {Channel::Reasoning, 140, 33.0, 0.45, 1, 0.008, 1.2, 0.0},
                 {Channel::Reasoning, 90, 12.0, 0.6, 1, 0.006, 0.6, 0.0},
                 {Channel::Reasoning, 170, 50.0, 0.3, 1, 0.002, 0.3, 0.0},
                 {Channel::Completion, 200, 52.0, 0.3, 1, 0.002, 0.3, 0.5},
                 {Channel::Completion, 110, 31.0, 0.4, 1, 0.004, 0.4, 0.0}},
                14,
                131};
        case SyntheticKind::BurstHeavy:
            return {"Give me as many punchy product names as you can, fast, numbered.",
                    "openai/gpt-oss-20b",
                    kListReasoning,
                    kListAnswer,
                    {{Channel::Reasoning, 70, 95.0, 0.3, 3, 0.0, 0.0, 0.3},
                     {Channel::Completion, 260, 185.0, 0.35, 4, 0.0, 0.0, 0.2},
                     {Channel::Completion, 14, 6.0, 0.5, 1, 0.0, 0.0, 0.0},
                     {Channel::Reasoning, 40, 110.0, 0.3, 3, 0.0, 0.0, 0.3},
                     {Channel::Completion, 320, 230.0, 0.35, 4, 0.0, 0.0, 0.3},
                     {Channel::Completion, 90, 38.0, 0.4, 1, 0.01, 0.4, 0.0},
                     {Channel::Completion, 240, 150.0, 0.35, 3, 0.0, 0.0, 0.0},
                     {Channel::Completion, 10, 4.0, 0.5, 1, 0.0, 0.0, 0.0},
                     {Channel::Completion, 200, 210.0, 0.3, 4, 0.0, 0.0, 0.0}},
                    11,
                    97};
    }
    return {};
}

}  // namespace

std::span<const std::string_view> syntheticKindNames() {
    return kKindNames;
}

std::string_view syntheticKindName(SyntheticKind kind) {
    return nameOf(kKindNames, kind);
}

std::optional<SyntheticKind> syntheticKindFromName(std::string_view name) {
    return valueNamed<SyntheticKind>(kKindNames, name);
}

Session synthesizeSession(SyntheticKind kind, std::uint64_t seed, const std::string& created) {
    const Script script = scriptFor(kind);
    Random random(seed);
    TextSource reasoningText(script.reasoningText, random);
    TextSource completionText(script.completionText, random);

    Session session;
    session.header.created = created;
    session.header.prompt = script.prompt;
    session.header.source = {
        {"kind", "synthetic"},
        {"model", script.model},
        {"generator", "ossynapse synthesize " + std::string(syntheticKindName(kind)) + " --seed " +
                          std::to_string(seed)},
        {"note", "timing and text are generated to resemble a reasoning model; no model ran"}};
    // What a player shows it with unless told otherwise: the defaults.
    session.header.parameters = Parameters{};
    session.header.rig = Rig::defaultSkull();

    std::array<std::int64_t, kChannelCount> tokens{};
    double t = 0.0;
    for (const Phase& phase : script.phases) {
        t += phase.leadInS;
        TextSource& text = phase.channel == Channel::Reasoning ? reasoningText : completionText;
        int left = phase.tokens;
        while (left > 0) {
            const int chunk = std::min(
                left, 1 + static_cast<int>(random.below(static_cast<std::size_t>(phase.maxChunk))));
            const double spread = 1.0 - phase.jitter + 2.0 * phase.jitter * random.unit();
            t += chunk / phase.tps * spread;
            if (random.unit() < phase.stallChance) {
                t += phase.stallS * (0.5 + random.unit());
            }
            TokenEvent event{roundMicro(t), phase.channel, chunk, {}};
            for (int i = 0; i < chunk; ++i) {
                event.text += text.next();
            }
            session.events.push_back(std::move(event));
            tokens[index(phase.channel)] += chunk;
            left -= chunk;
        }
    }
    const std::int64_t reasoningTokens = tokens[index(Channel::Reasoning)];
    const std::int64_t completionTokens =
        reasoningTokens + tokens[index(Channel::Completion)] + script.hiddenTokens;
    SessionEnd end;
    end.t = roundMicro(t + 0.05);
    end.finishReason = "stop";
    end.usage = {{"prompt_tokens", script.promptTokens},
                 {"completion_tokens", completionTokens},
                 {"total_tokens", script.promptTokens + completionTokens},
                 {"completion_tokens_details", {{"reasoning_tokens", reasoningTokens}}}};
    session.end = std::move(end);
    return session;
}

}  // namespace ossynapse
